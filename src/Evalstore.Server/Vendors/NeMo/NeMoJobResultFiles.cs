using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// A job's result files, NeMo's generic platform job results (<c>PlatformJobResultResponse</c>,
/// <c>PlatformJobListResultResponse</c> in Zenodia/nemo-platform f20bd5aa <c>types/shared/</c>; routes in
/// NVIDIA-NeMo/nemo-platform 2833e74a <c>resources/evaluation/api.md</c>): <c>aggregate-scores</c>,
/// <c>row-scores</c> and <c>config</c>, each downloadable, and all three as one tar archive (<c>artifacts</c>).
/// Their names are the ones of NeMo's specific downloads, so <c>…/results/aggregate-scores/download</c> is the same
/// file by either route.
/// </summary>
internal static class NeMoJobResultFiles
{
    public const string AggregateScores = "aggregate-scores";
    public const string RowScores = "row-scores";
    public const string Config = "config";

    public static readonly string[] Names = [AggregateScores, RowScores, Config];

    /// <summary>The file names inside the artifacts archive.</summary>
    public static string FileName(string name) => name == RowScores ? "row-scores.jsonl" : $"{name}.json";

    /// <summary>One <c>PlatformJobResultResponse</c>.</summary>
    public static JsonObject Describe(HttpRequest request, NeMoKind kind, ResultInfo result, string name)
    {
        var workspace = Uri.EscapeDataString(result.Workspace);
        var download = $"{request.Scheme}://{request.Host}{request.PathBase}/apis/evaluation/v2/workspaces/{workspace}" +
            $"/{kind.JobsPath}/{Uri.EscapeDataString(result.Name)}/results/{name}/download";
        return new JsonObject
        {
            ["artifact_storage_type"] = "fileset",
            ["artifact_url"] = download,
            ["job"] = result.Name,
            ["name"] = name,
            ["workspace"] = result.Workspace,
            ["created_at"] = NeMoJson.Time(result.FinishedAt ?? result.UpdatedAt),
            ["download_url"] = download,
            ["project"] = result.Project,
            ["updated_at"] = NeMoJson.Time(result.UpdatedAt),
        };
    }

    /// <summary>The result's configuration: what it ran (references, labels, config, metric declarations).</summary>
    public static JsonObject ConfigOf(ResultInfo result)
    {
        var spec = new
        {
            name = result.Name,
            workspace = result.Workspace,
            project = result.Project,
            kind = result.Kind.ToString().ToLowerInvariant(),
            model = result.Model,
            dataset = result.Dataset,
            metric = result.Metric,
            benchmark = result.Benchmark,
            evaluation = result.Evaluation,
            labels = result.Labels,
            config = result.Config,
            metrics = result.Metrics,
            star_metric = result.StarMetric,
        };
        return JsonNode.Parse(EvalstoreJson.Serialize(spec))!.AsObject();
    }

    /// <summary>Writes one file's bytes.</summary>
    public static async Task WriteAsync(NeMoKind kind, string name, IServerStore store, ResultInfo result, Stream body,
        CancellationToken cancellationToken)
    {
        if (name == RowScores)
        {
            var rows = store.ReadRowsAsync(result.Workspace, result.Id, new RowQuery(), cancellationToken);
            await NeMoRowScores.WriteAsync(rows, result, body, cancellationToken);
            return;
        }
        var json = name == AggregateScores ? kind.ToAggregate(result) : ConfigOf(result);
        await JsonSerializer.SerializeAsync(body, json, json.GetType(), NeMoJson.Options, cancellationToken);
    }

    /// <summary>
    /// The tar archive of every file. Row scores can be large, so they are staged in a temporary file (tar needs each
    /// entry's length up front) and streamed from there; nothing of the result is held in memory.
    /// </summary>
    public static async Task WriteArchiveAsync(NeMoKind kind, IServerStore store, ResultInfo result, Stream body,
        CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(body, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var name in Names)
        {
            var path = Path.GetTempFileName();
            try
            {
                await using (var staged = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await WriteAsync(kind, name, store, result, staged, cancellationToken);
                }
                await using var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{result.Name}/{FileName(name)}")
                {
                    DataStream = data,
                    ModificationTime = result.FinishedAt ?? result.UpdatedAt,
                };
                await tar.WriteEntryAsync(entry, cancellationToken);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>404 for a name that is not one of the job's result files.</summary>
    public static string Require(string name) => Names.Contains(name, StringComparer.Ordinal)
        ? name
        : throw EvalstoreException.NotFound($"Job result '{name}' was not found. A job has the results: {string.Join(", ", Names)}.");
}
