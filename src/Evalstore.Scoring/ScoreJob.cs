using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Scoring.Metrics;

namespace Evalstore.Scoring;

/// <summary>
/// A metric or benchmark job end to end: scores a JSONL stream of outputs, then imports the scored rows as one
/// completed result (a metric result for one metric, a benchmark result for several). Scored rows are spooled to a
/// temporary file, so memory stays flat and corpus-level scores are known before the result is created.
/// </summary>
public static class ScoreJob
{
    /// <summary>Runs the job against any store (a local database or a server).</summary>
    public static async Task<ResultInfo> RunAsync(IEvalStore store, string workspace, RunSpec spec, IReadOnlyList<MetricSpec> metrics,
        Stream input, HttpClient http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        var scorer = new OfflineScorer(metrics, http);
        var spool = Path.Combine(Path.GetTempPath(), $"evalstore-score-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var output =
                new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await foreach (var line in scorer.ScoreAsync(
                    JsonlReader.ReadLinesAsync(input, cancellationToken: cancellationToken), cancellationToken))
                {
                    await output.WriteAsync(line, cancellationToken);
                    output.WriteByte((byte)'\n');
                }
            }
            var declared =
                (spec.Metrics ?? []).Concat(scorer.Declarations.Where(d => spec.Metrics?.Any(m => m.Metric == d.Metric) != true)).ToList();
            var full = spec with
            {
                Kind = spec.Kind ?? (metrics.Count == 1 ? ResultKind.Metric : ResultKind.Benchmark),
                Metrics = declared,
                CorpusScores = [.. spec.CorpusScores ?? [], .. scorer.CorpusScores()],
            };
            var parser = new RowParser(RunSpecRules.Normalize(full).Metrics);
            await using var scored =
                new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            return await store.ImportResultAsync(
                workspace, full, JsonlRows.ReadAsync(scored, parser, cancellationToken: cancellationToken), cancellationToken);
        }
        finally
        {
            File.Delete(spool);
        }
    }
}
