using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>The metadata that travels beside a result's rows: everything needed to create a run.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RunSpec
{
    /// <summary>Unique per workspace; NeMo addresses a result by it.</summary>
    public required string Name { get; init; }
    /// <summary>Project inside the workspace; defaults to <c>default</c>.</summary>
    public string? Project { get; init; }
    /// <summary>Defaults to <see cref="ResultKind.Metric"/>.</summary>
    public ResultKind? Kind { get; init; }
    /// <summary>Model reference, e.g. <c>openai/gpt-4o</c>.</summary>
    public string? Model { get; init; }
    /// <summary>Dataset reference, e.g. <c>my-workspace/mmlu</c>.</summary>
    public string? Dataset { get; init; }
    /// <summary>Metric reference for metric results.</summary>
    public string? Metric { get; init; }
    /// <summary>Benchmark reference for benchmark results.</summary>
    public string? Benchmark { get; init; }
    /// <summary>Evaluation reference (Weave evaluation ref, DigitalOcean test case).</summary>
    public string? Evaluation { get; init; }
    /// <summary>Free-form string labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>Any JSON configuration of the run (harness config, generation parameters).</summary>
    public JsonElement? Config { get; init; }
    /// <summary>Who created the run.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>Declared score types, rubric levels and directions; undeclared scores are inferred.</summary>
    public IReadOnlyList<MetricDeclaration>? Metrics { get; init; }
    /// <summary>The score that decides <c>pass_status</c>.</summary>
    public StarMetric? StarMetric { get; init; }
    /// <summary>Item field (e.g. <c>passage_id</c>) whose value groups items into clusters for clustered standard errors.</summary>
    public string? ClusterKey { get; init; }
    /// <summary>Scores with one value for the whole result (corpus BLEU, a harness's corpus-level F1).</summary>
    public IReadOnlyList<CorpusScore>? CorpusScores { get; init; }
    /// <summary>When the run was queued, if known (defaults to creation time).</summary>
    public DateTimeOffset? QueuedAt { get; init; }
    /// <summary>When the run started, if known (defaults to creation time).</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>Declares how one metric's scores (or one named score of it) are typed and ranked.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MetricDeclaration
{
    /// <summary>The metric key as it appears in each row's <c>metrics</c> object.</summary>
    public required string Metric { get; init; }
    /// <summary>The score name inside the metric; null applies the declaration to every score of the metric.</summary>
    public string? Score { get; init; }
    /// <summary>Declared type; null means inferred from values.</summary>
    public ScoreType? Type { get; init; }
    /// <summary>Rubric levels in declared order (for <see cref="ScoreType.Rubric"/>).</summary>
    public IReadOnlyList<RubricLevel>? Rubric { get; init; }
    /// <summary>Direction of improvement; defaults to true.</summary>
    public bool? HigherIsBetter { get; init; }
    /// <summary>Human description.</summary>
    public string? Description { get; init; }

    /// <summary>True when this declaration covers the given score.</summary>
    public bool Covers(string metric, string score) =>
        string.Equals(Metric, metric, StringComparison.Ordinal) && (Score is null || string.Equals(Score, score, StringComparison.Ordinal));
}

/// <summary>One rubric level: a label, its numeric value and an optional description.</summary>
public sealed record RubricLevel(string Label, double Value, string? Description = null);

/// <summary>The score whose statistic, compared with a threshold, gives a result's <c>pass_status</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StarMetric
{
    /// <summary>Metric key.</summary>
    public required string Metric { get; init; }
    /// <summary>Score name; defaults to the metric key.</summary>
    public string? Score { get; init; }
    /// <summary>Which aggregate field is compared: <c>mean</c> (default), <c>pass_rate</c>, <c>p50</c>, …</summary>
    public string? Statistic { get; init; }
    /// <summary>The value the statistic must reach (at least, or at most when lower is better).</summary>
    public required double Threshold { get; init; }
    /// <summary>Overrides the declaration's direction; defaults to the declaration's, else true.</summary>
    public bool? HigherIsBetter { get; init; }
}
