using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>
/// Statistics of one score (metric key + score name) of a result, computed once at completion and stored.
/// Descriptive statistics run over every non-NaN value (all trials); standard error and confidence interval
/// run over items, with an item's trials reduced to their mean first.
/// </summary>
public sealed record ScoreAggregate
{
    /// <summary>Metric key.</summary>
    public required string Metric { get; init; }
    /// <summary>Score name within the metric.</summary>
    public required string Name { get; init; }
    /// <summary>Declared or inferred type: how values are read, and what vendor shapes report.</summary>
    public required ScoreType ScoreType { get; init; }
    /// <summary>What the values can be, which picks the statistics (a 0/1 number score is a proportion); null on aggregates
    /// stored before domains existed.</summary>
    public ValueDomain? Domain { get; init; }
    /// <summary>The smallest and largest value the score can take ([0, 1] for proportions); null when unknown.</summary>
    public ScoreBounds? Bounds { get; init; }
    /// <summary>Non-NaN values.</summary>
    public long Count { get; init; }
    /// <summary>NaN, null or missing values.</summary>
    public long NanCount { get; init; }
    /// <summary>Sum of values.</summary>
    public double? Sum { get; init; }
    /// <summary>Mean of values.</summary>
    public double? Mean { get; init; }
    /// <summary>Smallest value.</summary>
    public double? Min { get; init; }
    /// <summary>Largest value.</summary>
    public double? Max { get; init; }
    /// <summary>Population variance (divide by n).</summary>
    public double? Variance { get; init; }
    /// <summary>Population standard deviation.</summary>
    public double? StdDev { get; init; }
    /// <summary>Sample standard deviation (divide by n−1) of the same values; null below two values. Labelled apart so that
    /// pandas users (ddof 1 by default) find their number without mistaking it for <c>std_dev</c>.</summary>
    public double? SampleStdDev { get; init; }
    /// <summary>numpy-linear percentiles p1, p5, p10, p25, p50, p75, p90, p95, p99.</summary>
    public IReadOnlyDictionary<string, double>? Percentiles { get; init; }
    /// <summary>p10…p100 at NeMo Evaluator's positions (PERCENTILE.EXC, clamped).</summary>
    public IReadOnlyDictionary<string, double>? Deciles { get; init; }
    /// <summary>10 equal-width bins from min to max.</summary>
    public Histogram? Histogram { get; init; }
    /// <summary>Counts per rubric level in declared order (rubric), or per label (text: most frequent first, at most 20,
    /// see <c>method.distribution_limit</c>).</summary>
    public IReadOnlyList<RubricCount>? RubricDistribution { get; init; }
    /// <summary>Most frequent label; ties go to the alphabetically first.</summary>
    public string? ModeCategory { get; init; }
    /// <summary>Share of passing values (proportions: every value 0 or 1).</summary>
    public double? PassRate { get; init; }
    /// <summary>Passing values (proportions).</summary>
    public long? PassCount { get; init; }
    /// <summary>Items with at least one non-NaN value: the n of the standard error.</summary>
    public long ItemCount { get; init; }
    /// <summary>Mean of the per-item means (trials reduced first): the centre of the interval. Equals <c>mean</c> when
    /// every item has the same number of scored trials.</summary>
    public double? ItemMean { get; init; }
    /// <summary>Standard error of the mean over items (sample std, n−1).</summary>
    public double? StdErr { get; init; }
    /// <summary>Lower end of the 95% interval.</summary>
    public double? CiLow { get; init; }
    /// <summary>Upper end of the 95% interval.</summary>
    public double? CiHigh { get; init; }
    /// <summary>Direction of improvement.</summary>
    public bool HigherIsBetter { get; init; } = true;
    /// <summary>Cluster-robust standard errors; null unless items carried a cluster.</summary>
    public ClusteredError? Clustered { get; init; }
    /// <summary>pass@k, pass^k, per-item reducers and the variance split; null unless some item has several scored trials.</summary>
    public TrialSummary? Trials { get; init; }
    /// <summary>How each number was computed, so it can be reproduced in numpy or pandas.</summary>
    public AggregateMethod? Method { get; init; }
}

/// <summary>The range a score's values can take; a null end is open.</summary>
/// <param name="Min">Smallest possible value.</param>
/// <param name="Max">Largest possible value.</param>
public sealed record ScoreBounds(double? Min, double? Max)
{
    /// <summary>[0, 1], the range of a proportion.</summary>
    public static readonly ScoreBounds Unit = new(0, 1);

    /// <summary>A value moved inside the bounds.</summary>
    public double Clip(double value) => Math.Min(Math.Max(value, Min ?? double.NegativeInfinity), Max ?? double.PositiveInfinity);

    /// <summary>True when the value lies inside the bounds.</summary>
    public bool Contains(double value) => !(value < Min) && !(value > Max);

    /// <summary><c>[0, 1]</c>, <c>[0, ∞)</c>: the bounds as a reader writes them.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(Min is { } min ? $"[{min:G6}" : "(−∞")}, {(Max is { } max ? $"{max:G6}]" : "∞)")}");
}

/// <summary>A histogram as a list of bins.</summary>
public sealed record Histogram(IReadOnlyList<HistogramBin> Bins);

/// <summary>One histogram bin, half-open <c>[lower, upper)</c> except the last, which is closed.</summary>
public sealed record HistogramBin(double LowerBound, double UpperBound, long Count);

/// <summary>How many values landed on one label.</summary>
/// <remarks>Written label, description, value, count: the order of NeMo's <c>RubricScoreStat</c>, which uses this record.</remarks>
public sealed record RubricCount(
    [property: JsonPropertyOrder(-2)] string Label,
    double? Value,
    long Count,
    [property: JsonPropertyOrder(-1)] string? Description = null);

/// <summary>Provenance of an aggregate's numbers.</summary>
public sealed record AggregateMethod
{
    /// <summary>ddof of <c>variance</c> and <c>std_dev</c> (0: population).</summary>
    public int VarianceDdof { get; init; }
    /// <summary>ddof of the standard deviation inside <c>std_err</c> (1: sample).</summary>
    public int StdErrDdof { get; init; } = 1;
    /// <summary>Percentile definition of <c>percentiles</c>.</summary>
    public string PercentileMethod { get; init; } = "linear";
    /// <summary>Percentile definition of <c>deciles</c>.</summary>
    public string DecileMethod { get; init; } = "exclusive-clamped";
    /// <summary>What happens to NaN values: <c>excluded</c> means NaN, null, ±Inf and labels a numeric score cannot map are
    /// counted in <c>nan_count</c> and left out of every other statistic.</summary>
    public string NanPolicy { get; init; } = "excluded";
    /// <summary>How trials are reduced per item before the standard error.</summary>
    public string TrialReduction { get; init; } = "mean";
    /// <summary><c>wilson</c> (a proportion, one trial per item), <c>t</c> or <c>normal</c> over item means, or
    /// <c>clustered-t</c> (items carry a cluster: mean ± t(df = C − 1)·<c>clustered.inspect_std_err</c>).</summary>
    public string? Interval { get; init; }
    /// <summary>How the interval was kept inside the score's possible range, in a sentence.</summary>
    public string? Bounding { get; init; }
    /// <summary>Confidence level of the interval.</summary>
    public double Confidence { get; init; } = 0.95;
    /// <summary>Critical value used (t or z).</summary>
    public double? Critical { get; init; }
    /// <summary>Degrees of freedom of a t interval; null for normal and Wilson intervals.</summary>
    public double? DegreesOfFreedom { get; init; }
    /// <summary>A value passes (<c>pass_count</c>, pass@k) when it is at least this; null unless the score is a proportion.</summary>
    public double? PassThreshold { get; init; }
    /// <summary>Most labels listed in a text score's distribution (the most frequent ones); null for other types.</summary>
    public int? DistributionLimit { get; init; }
    /// <summary>Distinct labels seen by a text score, of which at most <see cref="DistributionLimit"/> are listed.</summary>
    public int? DistinctLabels { get; init; }
}
