namespace Evalstore.Core.Model;

/// <summary>What a report covers: the results created in a window ending now (or at <see cref="Until"/>), per project.</summary>
public sealed record ReportRequest
{
    /// <summary>The window: a number and a unit, <c>30m</c>, <c>24h</c>, <c>7d</c> or <c>2w</c>.</summary>
    public string Since { get; init; } = "7d";
    /// <summary>Only this project.</summary>
    public string? Project { get; init; }
    /// <summary>End of the window; null is the server's now (a scheduler passes its own clock's time).</summary>
    public DateTimeOffset? Until { get; init; }
    /// <summary>Significance level of the changes (Holm across each comparison's scores).</summary>
    public double Alpha { get; init; } = 0.05;
}

/// <summary>What happened in a workspace over a window, per project.</summary>
public sealed record WorkspaceReport
{
    /// <summary>The workspace.</summary>
    public required string Workspace { get; init; }
    /// <summary>Start of the window (inclusive).</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>End of the window (exclusive).</summary>
    public required DateTimeOffset Until { get; init; }
    /// <summary>The window as asked (<c>7d</c>).</summary>
    public required string Since { get; init; }
    /// <summary>Significance level used.</summary>
    public double Alpha { get; init; }
    /// <summary>One section per project with anything new, by name.</summary>
    public required IReadOnlyList<ProjectReport> Projects { get; init; }
}

/// <summary>One project's new results, significant changes, leaderboard moves, failed runs and gate outcomes.</summary>
public sealed record ProjectReport
{
    /// <summary>The project.</summary>
    public required string Project { get; init; }
    /// <summary>Results created in the window (any status), oldest first.</summary>
    public required IReadOnlyList<ReportResult> NewResults { get; init; }
    /// <summary>Each significant change of a new completed result against the previous comparable one (same model and
    /// dataset or benchmark).</summary>
    public required IReadOnlyList<ReportChange> Changes { get; init; }
    /// <summary>Models whose leaderboard rank changed (or that entered a board) over the window.</summary>
    public required IReadOnlyList<LeaderboardMove> LeaderboardMoves { get; init; }
    /// <summary>Results of the window that failed.</summary>
    public required IReadOnlyList<ReportResult> FailedRuns { get; init; }
    /// <summary>Gate evaluations of the window.</summary>
    public required IReadOnlyList<ReportGate> Gates { get; init; }
}

/// <summary>A result in a report.</summary>
public sealed record ReportResult
{
    /// <summary>The result.</summary>
    public required ResultRef Result { get; init; }
    /// <summary>Its status.</summary>
    public required ResultStatus Status { get; init; }
    /// <summary>Benchmark, when it has one.</summary>
    public string? Benchmark { get; init; }
    /// <summary>Why it failed.</summary>
    public string? ErrorDescription { get; init; }
    /// <summary>Its scores' means with 95% intervals (completed results).</summary>
    public IReadOnlyList<ReportScore> Scores { get; init; } = [];
}

/// <summary>A score's stored mean and interval.</summary>
public sealed record ReportScore(string Score, double? Mean, double? CiLow, double? CiHigh, long N);

/// <summary>A significant change of one score of a new result against the previous comparable result.</summary>
public sealed record ReportChange
{
    /// <summary>The new result.</summary>
    public required ResultRef Result { get; init; }
    /// <summary>The previous completed result of the same model on the same dataset or benchmark.</summary>
    public required ResultRef Previous { get; init; }
    /// <summary>The score (<c>metric</c> or <c>metric:score</c>).</summary>
    public required string Score { get; init; }
    /// <summary>Regression or improvement, in the score's direction.</summary>
    public required TrendChange Change { get; init; }
    /// <summary>Means over shared items, before and after.</summary>
    public double? MeanBefore { get; init; }
    /// <summary>Means over shared items, before and after.</summary>
    public double? MeanAfter { get; init; }
    /// <summary>After − before.</summary>
    public double? Difference { get; init; }
    /// <summary>Items both scored.</summary>
    public long SharedItems { get; init; }
    /// <summary>The paired test.</summary>
    public SignificanceTest? Test { get; init; }
    /// <summary>Its p.</summary>
    public double? P { get; init; }
    /// <summary>Holm-adjusted across the comparison's scores.</summary>
    public double? AdjustedP { get; init; }
}

/// <summary>A model's rank on a leaderboard (dataset or benchmark of a project, ordering score) before and after the window.</summary>
public sealed record LeaderboardMove
{
    /// <summary><c>dataset:NAME</c> or <c>benchmark:NAME</c>.</summary>
    public required string Board { get; init; }
    /// <summary>The score that orders the board.</summary>
    public required string Score { get; init; }
    /// <summary>The model.</summary>
    public required string Model { get; init; }
    /// <summary>Rank at the start of the window; null when the model was not on the board.</summary>
    public int? RankBefore { get; init; }
    /// <summary>Rank at the end.</summary>
    public int? RankAfter { get; init; }
    /// <summary>Mean at the start.</summary>
    public double? MeanBefore { get; init; }
    /// <summary>Mean at the end.</summary>
    public double? MeanAfter { get; init; }
}

/// <summary>A stored gate evaluation as a report lists it (the full evaluation is at <c>GET /gates</c>).</summary>
public sealed record ReportGate
{
    /// <summary>Id of the stored evaluation.</summary>
    public required Guid Id { get; init; }
    /// <summary>When it was evaluated.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }
    /// <summary>The verdict.</summary>
    public required bool Passed { get; init; }
    /// <summary>The result under test.</summary>
    public required ResultRef Result { get; init; }
    /// <summary>The baseline, when there was one.</summary>
    public ResultRef? Baseline { get; init; }
    /// <summary>The gate's first line.</summary>
    public required string Summary { get; init; }
    /// <summary>Checks that failed (inconclusive ones count under strict).</summary>
    public int FailedChecks { get; init; }
    /// <summary>All checks.</summary>
    public int Checks { get; init; }
}
