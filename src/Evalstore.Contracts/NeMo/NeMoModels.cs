using System.Text.Json;
using System.Text.Json.Serialization;
using Evalstore.Core.Model;

namespace Evalstore.Contracts.NeMo;

// NeMo Evaluator's job-result shapes, once: the server's NeMo surface writes them and the SDK's NeMo facade reads them.
// Field names are snake_case on the wire (NeMoJson on the server, EvalstoreJson in the SDK); null fields are left out.

/// <summary>Statistics of one score, as NeMo's <c>AggregateRangeScore</c> or <c>AggregateRubricScore</c>; fields not selected are
/// null.</summary>
public sealed record AggregateScore
{
    /// <summary>Score name (benchmark scores without their metric prefix).</summary>
    public required string Name { get; init; }
    /// <summary>Values counted, NaN excluded.</summary>
    public long Count { get; init; }
    /// <summary>NaN (or missing) values.</summary>
    public long? NanCount { get; init; }
    /// <summary>Sum of values.</summary>
    public double? Sum { get; init; }
    /// <summary>Mean of values.</summary>
    public double? Mean { get; init; }
    /// <summary>Smallest value.</summary>
    public double? Min { get; init; }
    /// <summary>Largest value.</summary>
    public double? Max { get; init; }
    /// <summary>Population standard deviation.</summary>
    public double? StdDev { get; init; }
    /// <summary>Population variance (divided by n).</summary>
    public double? Variance { get; init; }
    /// <summary><c>range</c> or <c>rubric</c>.</summary>
    public string? ScoreType { get; init; }
    /// <summary>p10…p100 at NeMo's positions (range scores).</summary>
    public IReadOnlyDictionary<string, double>? Percentiles { get; init; }
    /// <summary>Ten equal-width bins (range scores); no bins when every value was NaN.</summary>
    public Histogram? Histogram { get; init; }
    /// <summary>Count per rubric level in declared order (rubric scores).</summary>
    public IReadOnlyList<RubricCount>? RubricDistribution { get; init; }
    /// <summary>Most frequent level; ties go to the alphabetically first label.</summary>
    public string? ModeCategory { get; init; }
}

/// <summary>Fields every NeMo job result has.</summary>
public abstract record JobResult
{
    /// <summary>The result's UUID (the same on every Evalstore surface).</summary>
    public required string Id { get; init; }
    /// <summary>Alias of <see cref="Id"/>, kept by NeMo for compatibility.</summary>
    public string? EntityId { get; init; }
    /// <summary>The job the result came from, <c>workspace/name</c>.</summary>
    public string? Parent { get; init; }
    /// <summary>Owning workspace.</summary>
    public required string Workspace { get; init; }
    /// <summary>The job's name, which the result shares.</summary>
    public required string Name { get; init; }
    /// <summary>Project within the workspace.</summary>
    public string? Project { get; init; }
    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last update.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Creator, if known.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>Last updater, if known.</summary>
    public string? UpdatedBy { get; init; }
    /// <summary>Dataset reference.</summary>
    public string? Dataset { get; init; }
    /// <summary>Model reference.</summary>
    public string? Model { get; init; }
    /// <summary>String labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>NeMo's <c>MetricJobResult</c>: the aggregate scores of one metric.</summary>
public sealed record MetricJobResult : JobResult
{
    /// <summary>Metric reference, <c>workspace/metric</c>.</summary>
    public string? Metric { get; init; }
    /// <summary>One aggregate per score.</summary>
    public IReadOnlyList<AggregateScore> Scores { get; init; } = [];
}

/// <summary>NeMo's <c>BenchmarkJobResult</c>: one entry per metric of the benchmark.</summary>
public sealed record BenchmarkJobResult : JobResult
{
    /// <summary>Benchmark reference.</summary>
    public string? Benchmark { get; init; }
    /// <summary>The benchmark's metric references.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }
    /// <summary>Aggregates per metric.</summary>
    public IReadOnlyList<BenchmarkMetricResult> Results { get; init; } = [];
}

/// <summary>The aggregates of one metric of a benchmark.</summary>
/// <param name="Metric">Metric reference.</param>
/// <param name="Scores">Its scores, named without the metric prefix.</param>
public sealed record BenchmarkMetricResult(string? Metric, IReadOnlyList<AggregateScore> Scores);

/// <summary>A metric job's <c>aggregate-scores</c> download.</summary>
/// <param name="Scores">Every field of every score.</param>
public sealed record AggregatedMetricResult(IReadOnlyList<AggregateScore> Scores);

/// <summary>A benchmark job's <c>aggregate-scores</c> download.</summary>
/// <param name="Results">One entry per metric.</param>
public sealed record BenchmarkEvaluationResult(IReadOnlyList<BenchmarkMetricResult> Results);

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The listed result type.</typeparam>
/// <param name="Data">Results on this page.</param>
/// <param name="Pagination">Paging totals.</param>
/// <param name="Sort">The sort applied.</param>
public sealed record JobResultPage<T>(IReadOnlyList<T> Data, PaginationInfo Pagination, string? Sort);

/// <summary>NeMo's paging totals.</summary>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Requested page size.</param>
/// <param name="CurrentPageSize">Results on this page.</param>
/// <param name="TotalPages">Pages in total.</param>
/// <param name="TotalResults">Results in total.</param>
public sealed record PaginationInfo(int Page, int PageSize, int CurrentPageSize, int TotalPages, long TotalResults);

/// <summary>One line of a row-scores download: NeMo's <c>RowScore</c>, with Evalstore's extensions in <see cref="Extra"/>.</summary>
public sealed record RowScore
{
    /// <summary>Position of the row in the dataset.</summary>
    public long? RowIndex { get; init; }
    /// <summary>The dataset row.</summary>
    public JsonElement Item { get; init; }
    /// <summary>The model output payload.</summary>
    public JsonElement Sample { get; init; }
    /// <summary>Scores by metric key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricScore>> Metrics { get; init; } =
        new Dictionary<string, IReadOnlyList<MetricScore>>();
    /// <summary>Captured request logs.</summary>
    public IReadOnlyList<JsonElement> Requests { get; init; } = [];
    /// <summary>Error text per metric, if any failed.</summary>
    public IReadOnlyDictionary<string, string>? MetricErrors { get; init; }
    /// <summary>Other members of the line (<c>trial</c>, <c>row_digest</c>, <c>usage</c>, <c>chunks</c>…).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>One score of a row.</summary>
/// <param name="Name">Score name.</param>
/// <param name="Value">The value as written: a number, a boolean, a label or <c>"NaN"</c>.</param>
/// <remarks>NVIDIA's <c>MetricOutput</c> is exactly these two fields; a scorer's reasoning is in the native export.</remarks>
public sealed record MetricScore(string Name, JsonElement Value)
{
    /// <summary>The value as a number: booleans are 1 and 0; NaN, null and labels are NaN.</summary>
    [JsonIgnore]
    public double NumberValue => Value.ValueKind switch
    {
        JsonValueKind.Number => Value.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => double.NaN,
    };
}
