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
    /// <summary>Rows of the baseline that repeat an item (same content) held by an earlier row.</summary>
    public DuplicateItems BaselineDuplicates { get; init; } = new(0, 0);
    /// <summary>Rows of the candidate that repeat an item.</summary>
    public DuplicateItems CandidateDuplicates { get; init; } = new(0, 0);
    /// <summary>How duplicate rows are matched.</summary>
    public string DuplicateRule { get; init; } = DuplicateItems.Rule;
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
    /// <summary>The rule behind every rank, in a sentence.</summary>
    public const string RankRule =
        "A model's rank is 1 + the number of models significantly better on that score: paired tests over shared items "
        + "(McNemar for 0/1 scores, paired t otherwise; Holm across the pairs), or, for a pair sharing fewer than half its items, "
        + "non-overlapping 95% intervals";

    /// <summary>Score columns, in first-seen order.</summary>
    public required IReadOnlyList<LeaderboardColumn> Columns { get; init; }
    /// <summary>One row per model, ordered by the ordering column.</summary>
    public required IReadOnlyList<LeaderboardRow> Rows { get; init; }
    /// <summary>The column rows are ordered by (choose it with <c>order_by</c>; the first column by default).</summary>
    public string? OrderedBy { get; init; }
    /// <summary>How ranks are decided.</summary>
    public string TieRule { get; init; } = RankRule;
}

/// <summary>One score column and how it was ranked.</summary>
/// <param name="Key"><c>metric</c> or <c>metric:score</c>.</param>
/// <param name="Metric">Metric key.</param>
/// <param name="Name">Score name.</param>
/// <param name="HigherIsBetter">Direction.</param>
/// <param name="RankedBy"><c>paired</c>, <c>interval-overlap</c> (fewer than half the items shared) or <c>mixed</c>.</param>
/// <param name="Pairs">Every pair of models and the test that decided it.</param>
public sealed record LeaderboardColumn(string Key, string Metric, string Name, bool HigherIsBetter, string RankedBy = "interval-overlap",
    IReadOnlyList<LeaderboardPair>? Pairs = null);

/// <summary>One model's latest completed result and its cells.</summary>
public sealed record LeaderboardRow(string Model, ResultRef Result, IReadOnlyDictionary<string, LeaderboardCell> Cells);

/// <summary>One model's value on one column.</summary>
/// <param name="Mean">The score.</param>
/// <param name="CiLow">Lower end of its interval.</param>
/// <param name="CiHigh">Upper end.</param>
/// <param name="N">Items behind the score.</param>
/// <param name="Rank">1 + the number of models significantly better.</param>
/// <param name="TieGroup">1-based group of models with the same rank.</param>
/// <param name="Tied">True when another model has the same rank.</param>
/// <param name="SharedShare">Share of its items every other model on the column also scored; null when items are unknown.</param>
public sealed record LeaderboardCell(double Mean, double? CiLow, double? CiHigh, long N, int Rank, int TieGroup, bool Tied,
    double? SharedShare = null);

/// <summary>A row index whose digest differs between the two sides.</summary>
/// <param name="RowIndex">Row index.</param>
/// <param name="DigestA">A's digest there.</param>
/// <param name="DigestB">B's digest there.</param>
public sealed record DriftExample(long RowIndex, string DigestA, string DigestB);

/// <summary>Rows of one side that repeat an item (same row digest) already held by an earlier row.</summary>
/// <param name="Items">Digests held by more than one row.</param>
/// <param name="ExtraRows">Rows beyond the first of those digests; they are pooled into one item with the first.</param>
public sealed record DuplicateItems(long Items, long ExtraRows)
{
    /// <summary>How duplicate rows are matched, in a sentence.</summary>
    public const string Rule =
        "rows with the same content (row digest) are one item: their values are averaged like trials and matched once, at the first row";
}

/// <summary>How one pair of models on a leaderboard column was told apart.</summary>
/// <param name="ModelA">First model (the better placed by mean).</param>
/// <param name="ModelB">Second model.</param>
/// <param name="SharedItems">Items (row digests) both scored.</param>
/// <param name="Share">Shared items over the larger model's item count.</param>
/// <param name="Test"><c>mcnemar-exact</c>, <c>paired-t</c> or <c>interval-overlap</c> (fewer than half the items shared).</param>
/// <param name="Difference">Mean of B − A over the shared items (paired tests only).</param>
/// <param name="P">Raw p of the paired test.</param>
/// <param name="AdjustedP">Holm-adjusted p across every paired test of the column.</param>
/// <param name="Significant">True when the pair differs: adjusted p ≤ α, or disjoint intervals under the screen.</param>
/// <param name="Better">The significantly better model, when <paramref name="Significant"/>.</param>
public sealed record LeaderboardPair(string ModelA, string ModelB, long SharedItems, double Share, string Test, double? Difference,
    double? P, double? AdjustedP, bool Significant, string? Better);
