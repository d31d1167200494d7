using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Running sums over items of the per-item trial statistics (pass@k, pass^k, at_least_k, max, mode, within variance),
/// fed one item at a time so that nothing per item has to be kept.
/// </summary>
internal sealed class TrialTally
{
    /// <summary>Largest k reported for pass@k, pass^k and at_least_k.</summary>
    public const int MaxK = 10;

    // Above this many trials an item's mode is counted in a dictionary instead of by pairwise comparison.
    private const int PairwiseModeLimit = 32;

    private readonly double[] _passAt = new double[MaxK + 1];
    private readonly double[] _passHat = new double[MaxK + 1];
    private readonly long[] _itemsWithK = new long[MaxK + 1];
    private readonly long[] _atLeast = new long[MaxK + 1];
    private Dictionary<double, (int Count, int First)>? _modeCounts;
    private long _items;
    private long _trials;
    private int _maxTrials;
    private int _minTrials = int.MaxValue;
    private double _maxSum;
    private double _modeSum;
    private double _inverseTrialsSum;
    private double _withinVarianceSum;
    private long _withinItems;

    /// <summary>Largest number of scored trials of any item so far.</summary>
    public int MaxTrials => _maxTrials;

    /// <summary>Adds one item's scored trials, in arrival order, with their mean.</summary>
    public void Add(ReadOnlySpan<double> trials, double mean)
    {
        var n = trials.Length;
        _items++;
        _trials += n;
        _maxTrials = Math.Max(_maxTrials, n);
        _minTrials = Math.Min(_minTrials, n);
        _inverseTrialsSum += 1.0 / n;
        var passed = 0;
        var max = double.NegativeInfinity;
        var squares = 0.0;
        foreach (var value in trials)
        {
            passed += value >= ScoreAccumulator.PassThreshold ? 1 : 0;
            max = Math.Max(max, value);
            squares += (value - mean) * (value - mean);
        }
        _maxSum += max;
        _modeSum += n == 1 ? trials[0] : Mode(trials);
        if (n >= 2)
        {
            _withinVarianceSum += squares / (n - 1);
            _withinItems++;
        }
        for (var k = 1; k <= Math.Min(n, MaxK); k++)
        {
            _passAt[k] += TrialEstimators.PassAtK(n, passed, k);
            _passHat[k] += TrialEstimators.PassHatK(n, passed, k);
            _itemsWithK[k]++;
        }
        for (var k = 1; k <= Math.Min(passed, MaxK); k++)
        {
            _atLeast[k]++;
        }
    }

    /// <summary>The summary, or null when no item has two scored trials.</summary>
    /// <param name="itemMean">Mean of the per-item means.</param>
    /// <param name="itemMeanVariance">Sample variance of the per-item means; null below two items.</param>
    /// <param name="naiveTrialStdErr">SE over all trials as if independent.</param>
    /// <param name="passStatistics">False for rubric scores, where "value ≥ 1" means nothing.</param>
    public TrialSummary? Build(double itemMean, double? itemMeanVariance, double? naiveTrialStdErr, bool passStatistics)
    {
        if (_maxTrials < 2)
        {
            return null;
        }
        var ks = Math.Min(_maxTrials, MaxK);
        var withinVariance = _withinItems > 0 ? _withinVarianceSum / _withinItems : 0;
        // E[σ²/K] with σ² estimated from items that have two trials and 1/K averaged over every item.
        var withinTerm = withinVariance * (_inverseTrialsSum / _items);
        return new TrialSummary
        {
            MaxTrials = _maxTrials,
            MinTrials = _minTrials,
            MeanTrials = (double)_trials / _items,
            PassThreshold = ScoreAccumulator.PassThreshold,
            PassAtK = passStatistics ? PerK(_passAt, ks) : null,
            PassHatK = passStatistics ? PerK(_passHat, ks) : null,
            Reducers = new TrialReducers
            {
                Mean = itemMean,
                Max = _maxSum / _items,
                Mode = _modeSum / _items,
                AtLeastK = passStatistics
                    ? [.. Enumerable.Range(1, ks).Select(k => new KStatistic(k, (double)_atLeast[k] / _items, _items))]
                    : null,
            },
            Variance = itemMeanVariance is { } total
                ? new VarianceSplit
                {
                    ItemMeanVariance = total,
                    WithinVariance = withinVariance,
                    WithinTerm = withinTerm,
                    BetweenVariance = Math.Max(0, total - withinTerm),
                }
                : null,
            NaiveTrialStdErr = naiveTrialStdErr,
        };
    }

    private KStatistic[] PerK(double[] sums, int ks) =>
        [.. Enumerable.Range(1, ks).Select(k => new KStatistic(k, sums[k] / _itemsWithK[k], _itemsWithK[k]))];

    /// <summary>The most frequent value; ties go to the value seen first (Python's Counter.most_common, as inspect).</summary>
    private double Mode(ReadOnlySpan<double> trials)
    {
        if (trials.Length <= PairwiseModeLimit)
        {
            int bestCount = 0, best = 0;
            for (var i = 0; i < trials.Length; i++)
            {
                var count = 0;
                for (var j = 0; j < trials.Length; j++)
                {
                    count += trials[j] == trials[i] ? 1 : 0;
                }
                if (count > bestCount)
                {
                    (bestCount, best) = (count, i);
                }
            }
            return trials[best];
        }
        _modeCounts ??= [];
        _modeCounts.Clear();
        for (var i = 0; i < trials.Length; i++)
        {
            _modeCounts[trials[i]] = _modeCounts.TryGetValue(trials[i], out var seen) ? (seen.Count + 1, seen.First) : (1, i);
        }
        var winner = _modeCounts.MaxBy(pair => (pair.Value.Count, -pair.Value.First));
        return winner.Key;
    }
}
