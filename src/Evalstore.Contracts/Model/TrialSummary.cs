namespace Evalstore.Core.Model;

/// <summary>
/// What several trials (epochs) per item add: unbiased pass@k and pass^k, the per-item reducers of inspect_ai,
/// and the split of the item-mean variance into a between-item and a within-item part (Miller 2024 §"variance
/// reduction"). A trial passes when its value is at least <see cref="PassThreshold"/>.
/// </summary>
public sealed record TrialSummary
{
    /// <summary>Most scored (non-NaN) trials of any item.</summary>
    public required int MaxTrials { get; init; }
    /// <summary>Fewest scored trials of any item that has at least one.</summary>
    public required int MinTrials { get; init; }
    /// <summary>Mean scored trials per item.</summary>
    public required double MeanTrials { get; init; }
    /// <summary>A trial passes when its value is at least this (inspect's default 1.0).</summary>
    public double PassThreshold { get; init; } = 1.0;
    /// <summary>Chen et al.'s unbiased pass@k, k = 1…min(max trials, 10), averaged over items with at least k trials.</summary>
    public IReadOnlyList<KStatistic>? PassAtK { get; init; }
    /// <summary>pass^k = C(c,k)/C(n,k), the chance that k trials all pass, averaged like <see cref="PassAtK"/>.</summary>
    public IReadOnlyList<KStatistic>? PassHatK { get; init; }
    /// <summary>Means over items of the per-item reducers.</summary>
    public required TrialReducers Reducers { get; init; }
    /// <summary>Between- and within-item variance; null below two items.</summary>
    public VarianceSplit? Variance { get; init; }
    /// <summary>The too-small standard error that treats every trial as an independent item, for contrast.</summary>
    public double? NaiveTrialStdErr { get; init; }
}

/// <summary>A statistic for one k.</summary>
/// <param name="K">The k.</param>
/// <param name="Value">The mean over items.</param>
/// <param name="Items">Items it is averaged over (those with at least k scored trials, or all for at_least_k).</param>
public sealed record KStatistic(int K, double Value, long Items);

/// <summary>Per-item trial reducers (inspect_ai's names), each averaged over items.</summary>
public sealed record TrialReducers
{
    /// <summary>Mean of per-item means (inspect's default reducer).</summary>
    public required double Mean { get; init; }
    /// <summary>Mean of per-item maxima.</summary>
    public required double Max { get; init; }
    /// <summary>Mean of per-item modes (most frequent trial value; ties go to the value seen first, as Counter.most_common).</summary>
    public required double Mode { get; init; }
    /// <summary>at_least_k: share of items with at least k passing trials, k = 1…min(max trials, 10).</summary>
    public IReadOnlyList<KStatistic>? AtLeastK { get; init; }
}

/// <summary>
/// Method-of-moments split of <c>Var(item mean) = Var(x) + E[σ²/K]</c>: only the within part shrinks with more trials.
/// </summary>
public sealed record VarianceSplit
{
    /// <summary>Sample variance (ddof 1) of the per-item means: the total that the standard error uses.</summary>
    public required double ItemMeanVariance { get; init; }
    /// <summary>E[σ²]: mean of the per-item sample variances (ddof 1) over items with at least two trials.</summary>
    public required double WithinVariance { get; init; }
    /// <summary>E[σ²/K]: the part of <see cref="ItemMeanVariance"/> due to trial noise.</summary>
    public required double WithinTerm { get; init; }
    /// <summary>Var(x) = item-mean variance − within term, floored at 0: what more trials cannot remove.</summary>
    public required double BetweenVariance { get; init; }
}
