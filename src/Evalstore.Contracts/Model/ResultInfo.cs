using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>A result (an evaluation run, a metric or benchmark job result) with its aggregates once completed.</summary>
public sealed record ResultInfo
{
    /// <summary>The one UUID a result has on every surface.</summary>
    public required Guid Id { get; init; }
    /// <summary>Workspace that owns the result.</summary>
    public required string Workspace { get; init; }
    /// <summary>Project inside the workspace.</summary>
    public required string Project { get; init; }
    /// <summary>Unique per workspace.</summary>
    public required string Name { get; init; }
    /// <summary>Metric, benchmark or evaluation.</summary>
    public required ResultKind Kind { get; init; }
    /// <summary>Running, completed or failed.</summary>
    public required ResultStatus Status { get; init; }
    /// <summary>Model reference.</summary>
    public string? Model { get; init; }
    /// <summary>Dataset reference.</summary>
    public string? Dataset { get; init; }
    /// <summary>Metric reference.</summary>
    public string? Metric { get; init; }
    /// <summary>Benchmark reference.</summary>
    public string? Benchmark { get; init; }
    /// <summary>Evaluation reference.</summary>
    public string? Evaluation { get; init; }
    /// <summary>String labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Run configuration as given.</summary>
    public JsonElement? Config { get; init; }
    /// <summary>Creator, if given.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>Creation time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change of status.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the run was queued.</summary>
    public DateTimeOffset? QueuedAt { get; init; }
    /// <summary>When the run started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When the run completed or failed.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why the run failed.</summary>
    public string? ErrorDescription { get; init; }
    /// <summary>Metric declarations given at creation.</summary>
    public IReadOnlyList<MetricDeclaration> Metrics { get; init; } = [];
    /// <summary>Star metric given at creation.</summary>
    public StarMetric? StarMetric { get; init; }
    /// <summary>Corpus-level scores given at creation (they also appear among the aggregates once completed).</summary>
    public IReadOnlyList<CorpusScore> CorpusScores { get; init; } = [];
    /// <summary>Item field used to cluster items, if any.</summary>
    public string? ClusterKey { get; init; }
    /// <summary>Star statistic against its threshold; null without a star metric or before completion.</summary>
    public bool? PassStatus { get; init; }
    /// <summary>Rows (item × trial lines) stored.</summary>
    public long RowCount { get; init; }
    /// <summary>Distinct items (row indexes) stored.</summary>
    public long ItemCount { get; init; }
    /// <summary>Largest number of trials of any item.</summary>
    public int MaxTrials { get; init; }
    /// <summary>Aggregates per metric and score; empty until completed.</summary>
    public IReadOnlyList<ScoreAggregate> Scores { get; init; } = [];

    /// <summary>True once completed or failed: no more rows can be appended.</summary>
    [JsonIgnore]
    public bool IsFinal => Status != ResultStatus.Running;
}
