using Evalstore.Contracts.NeMo;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// Maps a result to NeMo's <c>MetricJobResult</c> and <c>BenchmarkJobResult</c>. <c>id</c> and <c>entity_id</c> are the
/// result's UUID; <c>parent</c> is the job it came from, <c>{workspace}/{name}</c>, since a result shares its job's name.
/// Metric keys become references in NeMo's <c>workspace/name</c> form (a key that already has a <c>/</c> is kept).
/// </summary>
internal static class NeMoResults
{
    public static JobResult MetricJobResult(ResultInfo result, IReadOnlySet<string>? fields) =>
        WithEntity(new MetricJobResult
        {
            Id = result.Id.ToString(),
            Workspace = result.Workspace,
            Name = result.Name,
            Metric = result.Metric,
            Scores = Scores(result, fields),
        }, result);

    public static JobResult BenchmarkJobResult(ResultInfo result, IReadOnlySet<string>? fields)
    {
        var perMetric = PerMetric(result, fields);
        return WithEntity(new BenchmarkJobResult
        {
            Id = result.Id.ToString(),
            Workspace = result.Workspace,
            Name = result.Name,
            Benchmark = result.Benchmark ?? "",
            Metrics = [.. perMetric.Select(m => m.Metric!)],
            Results = perMetric,
        }, result);
    }

    /// <summary><c>AggregatedMetricResult</c>: every field of every score.</summary>
    public static object AggregatedMetricResult(ResultInfo result) => new AggregatedMetricResult(Scores(result, null));

    /// <summary><c>BenchmarkEvaluationResult</c>: one entry per metric with every field of its scores.</summary>
    public static object BenchmarkEvaluationResult(ResultInfo result) => new BenchmarkEvaluationResult(PerMetric(result, null));

    /// <summary>A metric key as a NeMo reference.</summary>
    public static string MetricReference(string workspace, string metricKey)
        => metricKey.Contains('/', StringComparison.Ordinal) ? metricKey : $"{workspace}/{metricKey}";

    private static List<AggregateScore> Scores(ResultInfo result, IReadOnlySet<string>? fields)
    {
        // Score names are unique within a metric result unless it holds several metric keys with the same score name.
        var duplicated =
            result.Scores.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. result.Scores.Select(s =>
            NeMoAggregates.ToScore(s, duplicated.Contains(s.Name) ? $"{s.Metric}.{s.Name}" : s.Name, fields))];
    }

    private static List<BenchmarkMetricResult> PerMetric(ResultInfo result, IReadOnlySet<string>? fields) =>
        [.. result.Scores.GroupBy(s => s.Metric, StringComparer.Ordinal).Select(metric =>
        {
            var reference = MetricReference(result.Workspace, metric.Key);
            return new BenchmarkMetricResult(reference,
                [.. metric.Select(s => NeMoAggregates.ToScore(s, WithoutPrefix(s.Name, metric.Key, reference), fields))]);
        })];

    // NeMo strips "{metric_ref}." from benchmark score names ("default/exact-match.score" becomes "score").
    private static string WithoutPrefix(string name, string metricKey, string reference) =>
        name.StartsWith(reference + ".", StringComparison.Ordinal) ? name[(reference.Length + 1)..]
        : name.StartsWith(metricKey + ".", StringComparison.Ordinal) ? name[(metricKey.Length + 1)..]
        : name;

    /// <summary>The fields both kinds share, beyond the required ones each sets.</summary>
    private static JobResult WithEntity(JobResult json, ResultInfo result) => json with
    {
        EntityId = result.Id.ToString(),
        Parent = $"{result.Workspace}/{result.Name}",
        Project = result.Project,
        CreatedAt = result.CreatedAt,
        UpdatedAt = result.UpdatedAt,
        CreatedBy = result.CreatedBy,
        UpdatedBy = result.CreatedBy,
        Dataset = result.Dataset,
        Model = result.Model,
        Labels = result.Labels,
    };
}
