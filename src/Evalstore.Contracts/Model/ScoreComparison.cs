namespace Evalstore.Core.Model;

/// <summary>
/// Paired comparison of one score between run A (baseline) and run B (candidate) over the items both scored.
/// Every difference is <b>B − A</b>: positive means B scored higher, whatever the direction of improvement;
/// <see cref="Verdict"/>, <see cref="Wins"/> and <see cref="Losses"/> are the ones that respect <see cref="HigherIsBetter"/>.
/// </summary>
public sealed record ScoreComparison
{
    /// <summary>Declared or inferred type of the score.</summary>
    public required ScoreType ScoreType { get; init; }
    /// <summary>The tests were chosen by this: <c>proportion</c> (every matched item 0 or 1 on both sides) gets McNemar,
    /// anything else the paired t test.</summary>
    public ValueDomain Domain { get; init; } = ValueDomain.Unbounded;
    /// <summary>Direction of improvement used for wins, losses and the verdict.</summary>
    public bool HigherIsBetter { get; init; } = true;
    /// <summary>Matched items.</summary>
    public required long N { get; init; }
    /// <summary>Mean of A over matched items.</summary>
    public double? MeanA { get; init; }
    /// <summary>Mean of B over matched items.</summary>
    public double? MeanB { get; init; }
    /// <summary>Mean paired difference B − A.</summary>
    public double? Difference { get; init; }
    /// <summary>Always <c>b_minus_a</c>.</summary>
    public string DifferenceDirection { get; init; } = "b_minus_a";
    /// <summary>Paired standard error sd(B − A)/sqrt(n), ddof 1; null below two items.</summary>
    public double? StdErrPaired { get; init; }
    /// <summary>Lower end of the t interval of the difference (df = n − 1).</summary>
    public double? CiLow { get; init; }
    /// <summary>Upper end of the t interval of the difference.</summary>
    public double? CiHigh { get; init; }
    /// <summary>Confidence level 1 − α of the intervals.</summary>
    public double Confidence { get; init; } = 0.95;
    /// <summary>t critical value of the interval.</summary>
    public double? Critical { get; init; }
    /// <summary>sqrt(SE_A² + SE_B²): what ignoring the pairing would claim.</summary>
    public double? StdErrUnpaired { get; init; }
    /// <summary>Pearson correlation of A and B; null when either is constant.</summary>
    public double? Correlation { get; init; }
    /// <summary>McNemar's exact test (proportions).</summary>
    public McNemarTest? McNemar { get; init; }
    /// <summary>Paired t test (every other score).</summary>
    public PairedTTest? PairedT { get; init; }
    /// <summary>Seeded paired bootstrap (non-binary scores); null when no replicates were asked or beyond 500,000 items, where the t test
    /// is as exact.</summary>
    public BootstrapTest? Bootstrap { get; init; }
    /// <summary>Exact sign test on the signs of B − A.</summary>
    public required SignTest Sign { get; init; }
    /// <summary>Items where B is better than A (direction respected).</summary>
    public long Wins { get; init; }
    /// <summary>Items where B is worse than A.</summary>
    public long Losses { get; init; }
    /// <summary>Items with equal values.</summary>
    public long Ties { get; init; }
    /// <summary>Smallest |B − A| detectable at this n: (z_{α/2} + z_β)·SE_paired.</summary>
    public double? MinimumDetectableEffect { get; init; }
    /// <summary>Power 1 − β of <see cref="MinimumDetectableEffect"/>.</summary>
    public double Power { get; init; } = 0.8;
    /// <summary><c>better</c>, <c>worse</c> (B against A), <c>no significant difference</c> or <c>inconclusive</c>.</summary>
    public required Verdict Verdict { get; init; }
    /// <summary>The test behind the verdict: <c>mcnemar-exact</c> or <c>paired-t</c>.</summary>
    public SignificanceTest? VerdictTest { get; init; }
    /// <summary>p-value of that test.</summary>
    public double? VerdictP { get; init; }
}

/// <summary>
/// McNemar's test on items reduced to pass/fail (value ≥ <paramref name="PassThreshold"/>). The exact p is the one the
/// verdict uses (statsmodels' default); the χ² forms are there to match tools that report them.
/// </summary>
/// <param name="B">Items A passed and B failed.</param>
/// <param name="C">Items A failed and B passed.</param>
/// <param name="P">Exact two-sided p: min(1, 2·P(Bin(b+c, ½) ≤ min(b, c))).</param>
/// <param name="PassThreshold">An item passes at or above this (0.5: the majority of its trials).</param>
/// <param name="ChiSquare">(b − c)²/(b + c); null when b + c = 0.</param>
/// <param name="ChiSquareP">Its p with df = 1.</param>
/// <param name="CorrectedChiSquare">With continuity correction: (|b − c| − 1)²/(b + c).</param>
/// <param name="CorrectedChiSquareP">Its p with df = 1.</param>
public sealed record McNemarTest(long B, long C, double P, double PassThreshold, double? ChiSquare = null, double? ChiSquareP = null,
    double? CorrectedChiSquare = null, double? CorrectedChiSquareP = null);

/// <summary>Paired t test of B − A.</summary>
/// <param name="T">t statistic; null when every difference is equal.</param>
/// <param name="Df">Degrees of freedom n − 1.</param>
/// <param name="P">Two-sided p.</param>
public sealed record PairedTTest(double? T, double Df, double P);

/// <summary>Paired bootstrap of the mean difference: items resampled with replacement, A and B kept together.</summary>
/// <param name="CiLow">Percentile interval, lower end (numpy-linear quantile of the replicates).</param>
/// <param name="CiHigh">Upper end.</param>
/// <param name="P">Two-sided p: min(1, 2·min(share of replicates ≤ 0, share ≥ 0)).</param>
/// <param name="Iterations">Replicates actually drawn.</param>
/// <param name="RequestedIterations">Replicates asked for; more than <paramref name="Iterations"/> when capped for large n.</param>
/// <param name="Seed">Seed of the xoshiro256** generator.</param>
/// <param name="Generator">Name of the generator and index sampler, so the replicates can be reproduced.</param>
public sealed record BootstrapTest(
    double CiLow, double CiHigh, double P, int Iterations, int RequestedIterations, ulong Seed, string Generator);

/// <summary>Exact sign test on B − A, ties dropped.</summary>
/// <param name="Positive">Items with B &gt; A.</param>
/// <param name="Negative">Items with B &lt; A.</param>
/// <param name="Ties">Items with B = A.</param>
/// <param name="P">Exact two-sided p.</param>
public sealed record SignTest(long Positive, long Negative, long Ties, double P);
