using System.Security.Cryptography;
using System.Text;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// What Evalstore stores, as Weave's v2 objects (wandb/weave 5ad4a3d8 <c>weave/trace_server/trace_server_interface.py</c>,
/// <c>ScorerReadRes</c> and <c>DatasetReadRes</c>). A scorer is a metric key of the project's results, one version per
/// distinct declaration; a dataset is a dataset reference, one version per distinct list of items (by row digest).
/// Digests are Weave's: 43 characters of URL-safe base64 SHA-256 with <c>-</c>/<c>_</c> as <c>X</c>/<c>Y</c>.
/// </summary>
internal sealed class WeaveObjects(WeaveRuns runs, IServerStore store)
{
    /// <summary>Every scorer version of the project, oldest first.</summary>
    public async Task<List<ScorerRead>> ScorersAsync(string entity, string project, CancellationToken cancellationToken)
    {
        var versions = new List<ScorerRead>();
        await foreach (var run in runs.ListAsync(entity, project, new RunFilter([], [], []), 0, null, cancellationToken))
        {
            foreach (var metric in run.Scores.GroupBy(s => s.Metric, StringComparer.Ordinal))
            {
                var declaration = run.Metrics.FirstOrDefault(d => d.Metric == metric.Key && d.Score is null)
                    ?? run.Metrics.FirstOrDefault(d => d.Metric == metric.Key);
                var definition = string.Join('\n', [metric.Key, declaration?.Description ?? "",
                    .. metric.Select(s => $"{s.Name}:{s.ScoreType.ToString().ToLowerInvariant()}").Order(StringComparer.Ordinal)]);
                var digest = Digest(definition);
                if (versions.Any(v => v.ObjectId == metric.Key && v.Digest == digest))
                {
                    continue;
                }
                var index = versions.Count(v => v.ObjectId == metric.Key);
                versions.Add(new ScorerRead(metric.Key, digest, index, RunReads.Time(run.CreatedAt)!, metric.Key, declaration?.Description,
                    $"weave:///{entity}/{project}/op/{metric.Key}.score:{digest}"));
            }
        }
        return versions;
    }

    /// <summary>Every dataset version of the project, oldest first.</summary>
    public async Task<List<DatasetRead>> DatasetsAsync(string entity, string project, CancellationToken cancellationToken)
    {
        var versions = new List<DatasetRead>();
        await foreach (var run in runs.ListAsync(entity, project, new RunFilter([], [], []), 0, null, cancellationToken))
        {
            if (run.Dataset is null || run.RowCount == 0)
            {
                continue;
            }
            var objectId = ObjectId(run.Dataset);
            var table = await TableDigestAsync(entity, run, cancellationToken);
            var digest = Digest(table);
            if (versions.Any(v => v.ObjectId == objectId && v.Digest == digest))
            {
                continue;
            }
            var index = versions.Count(v => v.ObjectId == objectId);
            versions.Add(new DatasetRead(objectId, digest, index, RunReads.Time(run.CreatedAt)!, run.Dataset, null,
                $"weave:///{entity}/{project}/table/{table}"));
        }
        return versions;
    }

    /// <summary>A Weave object id for a reference: characters Weave does not allow in ids become <c>_</c>.</summary>
    public static string ObjectId(string reference) =>
        new(reference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    /// <summary>Picks a version by digest, or the newest for <c>latest</c>; null when there is none.</summary>
    public static T? Version<T>(IEnumerable<T> versions, Func<T, string> objectId, Func<T, string> digest, string id, string wanted)
        where T : class
    {
        var ofObject = versions.Where(v => objectId(v) == id).ToList();
        return wanted == "latest" ? ofObject.LastOrDefault() : ofObject.FirstOrDefault(v => digest(v) == wanted);
    }

    // Weave's table digest: SHA-256 over the rows' digests in order, as hex (the items of the first trial of each row).
    private async Task<string> TableDigestAsync(string entity, ResultInfo run, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var row in store.ReadRowsAsync(entity, run.Id, new RowQuery { Trial = 0 }, cancellationToken))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row.Digest));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Digest(string text) => RowDigest.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary><c>ScorerReadRes</c>.</summary>
internal sealed record ScorerRead(string ObjectId, string Digest, int VersionIndex, string CreatedAt, string Name, string? Description,
    string ScoreOp);

/// <summary><c>DatasetReadRes</c>.</summary>
internal sealed record DatasetRead(string ObjectId, string Digest, int VersionIndex, string CreatedAt, string Name, string? Description,
    string Rows);
