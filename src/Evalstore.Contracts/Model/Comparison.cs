using System.Text.Json;

namespace Evalstore.Core.Model;

/// <summary>What to compare: a baseline against one or more candidates, joined item by item by row digest.</summary>
public sealed record CompareRequest
{
    /// <summary>Baseline result (A): UUID or name.</summary>
    public required string Baseline { get; init; }
    /// <summary>Candidate results (B, C, …): each is compared with the baseline.</summary>
    public required IReadOnlyList<string> Candidates { get; init; }
    /// <summary>Only this score: <c>metric</c> or <c>metric:score</c>; null compares every score both sides have.</summary>
    public string? Metric { get; init; }
    /// <summary>Significance level, also the level of the intervals (1 − α).</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>Paired bootstrap replicates requested (reduced for very large n; the report says how many ran).</summary>
    public int BootstrapIterations { get; init; } = 10_000;
    /// <summary>Bootstrap seed: the same seed gives the same numbers.</summary>
    public ulong Seed { get; init; } = 20241119;
    /// <summary>Flipped rows to list per candidate.</summary>
    public int FlippedLimit { get; init; } = 20;
    /// <summary>Flipped rows to skip (paging).</summary>
    public int FlippedOffset { get; init; }
}

/// <summary>A result as named in a comparison or leaderboard.</summary>
public sealed record ResultRef(Guid Id, string Name, string? Model, string? Dataset, DateTimeOffset CreatedAt)
{
    /// <summary>The reference of a result.</summary>
    public static ResultRef Of(ResultInfo result) => new(result.Id, result.Name, result.Model, result.Dataset, result.CreatedAt);
}

/// <summary>Baseline against every candidate, with p-values adjusted (Holm) across every score and candidate compared.</summary>
public sealed record ComparisonReport
{
    /// <summary>The baseline (A).</summary>
    public required ResultRef Baseline { get; init; }
    /// <summary>One entry per candidate (B, C, …).</summary>
    public required IReadOnlyList<CandidateComparison> Candidates { get; init; }
    /// <summary>Significance level used.</summary>
    public double Alpha { get; init; }
    /// <summary>How p-values were adjusted for the number of comparisons.</summary>
    public string Adjustment { get; init; } = "holm";
    /// <summary>Comparisons the adjustment ran over.</summary>
    public int ComparisonsAdjusted { get; init; }
}

/// <summary>The baseline against one candidate.</summary>
public sealed record CandidateComparison
{
    /// <summary>The candidate (B).</summary>
    public required ResultRef Candidate { get; init; }
    /// <summary>Items (row digests) both results hold.</summary>
    public long MatchedItems { get; init; }
    /// <summary>Items only the baseline holds.</summary>
    public long OnlyInBaseline { get; init; }
    /// <summary>Items only the candidate holds.</summary>
    public long OnlyInCandidate { get; init; }
    /// <summary>Row indexes whose item content differs between the two (dataset drift).</summary>
    public long DriftCount { get; init; }
    /// <summary>A few drifted rows.</summary>
    public IReadOnlyList<DriftExample> DriftExamples { get; init; } = [];
    /// <summary>Per score comparisons.</summary>
    public IReadOnlyList<ScoreComparisonEntry> Scores { get; init; } = [];
    /// <summary>Items that passed on one side and failed on the other, for one pass/fail-like score.</summary>
    public FlippedRows? Flipped { get; init; }
}

/// <summary>One score compared, with its Holm-adjusted p-value.</summary>
public sealed record ScoreComparisonEntry
{
    /// <summary>Metric key.</summary>
    public required string Metric { get; init; }
    /// <summary>Score name.</summary>
    public required string Name { get; init; }
    /// <summary>The paired comparison (differences are candidate − baseline).</summary>
    public required ScoreComparison Comparison { get; init; }
    /// <summary>Holm-adjusted p of the verdict's test, across every score and candidate compared.</summary>
    public double? AdjustedP { get; init; }
    /// <summary>True when the adjusted p is at or below α.</summary>
    public bool Significant { get; init; }
    /// <summary>Histogram of per-item differences (candidate − baseline).</summary>
    public Histogram? Differences { get; init; }
}

/// <summary>A page of items that flipped between pass and fail.</summary>
public sealed record FlippedRows
{
    /// <summary>Metric key of the score used.</summary>
    public required string Metric { get; init; }
    /// <summary>Score name.</summary>
    public required string Name { get; init; }
    /// <summary>Items the baseline passed and the candidate failed.</summary>
    public long Regressed { get; init; }
    /// <summary>Items the baseline failed and the candidate passed.</summary>
    public long Improved { get; init; }
    /// <summary>Offset of this page.</summary>
    public int Offset { get; init; }
    /// <summary>The page of rows, regressions first.</summary>
    public IReadOnlyList<FlippedRow> Rows { get; init; } = [];
}

/// <summary>One flipped item with both outputs.</summary>
public sealed record FlippedRow
{
    /// <summary>Row digest of the item.</summary>
    public required string RowDigest { get; init; }
    /// <summary><c>regressed</c> or <c>improved</c> (as seen from the candidate).</summary>
    public required FlipDirection Direction { get; init; }
    /// <summary>Row index in the baseline.</summary>
    public long BaselineRowIndex { get; init; }
    /// <summary>Row index in the candidate.</summary>
    public long CandidateRowIndex { get; init; }
    /// <summary>Baseline value (trial mean).</summary>
    public double BaselineValue { get; init; }
    /// <summary>Candidate value (trial mean).</summary>
    public double CandidateValue { get; init; }
    /// <summary>The item.</summary>
    public JsonElement? Item { get; init; }
    /// <summary>The baseline's first-trial sample.</summary>
    public JsonElement? BaselineSample { get; init; }
    /// <summary>The candidate's first-trial sample.</summary>
    public JsonElement? CandidateSample { get; init; }
}

/// <summary>Which results a leaderboard ranks: the latest completed result per model among those matching.</summary>
public sealed record LeaderboardRequest
{
    /// <summary>Benchmark reference to rank on.</summary>
    public string? Benchmark { get; init; }
    /// <summary>Dataset reference to rank on.</summary>
    public string? Dataset { get; init; }
    /// <summary>Metric reference to rank on.</summary>
    public string? MetricRef { get; init; }
    /// <summary>Project to restrict to.</summary>
    public string? Project { get; init; }
    /// <summary>Column to order models by (<c>metric</c> or <c>metric:score</c>); defaults to the first column.</summary>
    public string? OrderBy { get; init; }
}

/// <summary>Models × scores, each cell with its interval, rank and tie group.</summary>
public sealed record LeaderboardReport
{
    /// <summary>Score columns, in first-seen order.</summary>
    public required IReadOnlyList<LeaderboardColumn> Columns { get; init; }
    /// <summary>One row per model, ordered by the ordering column.</summary>
    public required IReadOnlyList<LeaderboardRow> Rows { get; init; }
    /// <summary>The column rows are ordered by.</summary>
    public string? OrderedBy { get; init; }
    /// <summary>How ties are decided.</summary>
    public string TieRule { get; init; } = "95% intervals overlapping the tie group leader's interval";
}

/// <summary>One score column.</summary>
public sealed record LeaderboardColumn(string Key, string Metric, string Name, bool HigherIsBetter);

/// <summary>One model's latest completed result and its cells.</summary>
public sealed record LeaderboardRow(string Model, ResultRef Result, IReadOnlyDictionary<string, LeaderboardCell> Cells);

/// <summary>One model's value on one column.</summary>
public sealed record LeaderboardCell(double Mean, double? CiLow, double? CiHigh, long N, int Rank, int TieGroup, bool Tied);

/// <summary>A row index whose digest differs between the two sides.</summary>
/// <param name="RowIndex">Row index.</param>
/// <param name="DigestA">A's digest there.</param>
/// <param name="DigestB">B's digest there.</param>
public sealed record DriftExample(long RowIndex, string DigestA, string DigestB);
