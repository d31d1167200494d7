using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// The value domain and the interval it calls for. The type says how values are read; the domain says what they can be,
/// and so which interval fits and where it must stop: a 0/1 score is a proportion even when written as numbers.
/// </summary>
public sealed partial class ScoreAccumulator
{
    /// <summary>What the values added so far can be: labels, a proportion (all 0/1), or numbers bounded or not.</summary>
    public ValueDomain Domain => Type switch
    {
        ScoreType.Text => ValueDomain.Labels,
        ScoreType.Rubric => ValueDomain.Bounded,
        ScoreType.Binary => ValueDomain.Proportion,
        _ when _n > 0 && _allZeroOne => ValueDomain.Proportion,
        _ when _declaration is { Min: not null } or { Max: not null } => ValueDomain.Bounded,
        _ => ValueDomain.Unbounded,
    };

    private bool IsProportion => Domain == ValueDomain.Proportion;

    /// <summary>The range the values can take: [0, 1] for proportions, the rubric's level values, or the declared min/max.</summary>
    private ScoreBounds? Bounds => Domain switch
    {
        ValueDomain.Proportion => ScoreBounds.Unit,
        ValueDomain.Bounded when _rubric is not null && _declaration?.Rubric is { Count: > 0 } levels =>
            new ScoreBounds(levels.Min(l => l.Value), levels.Max(l => l.Value)),
        ValueDomain.Bounded => new ScoreBounds(_declaration?.Min, _declaration?.Max),
        _ => null,
    };

    /// <summary>
    /// Standard error over items and the interval that fits the domain: Wilson for a proportion with one trial per item;
    /// with several trials the t (or normal) interval over item means; with a cluster key the clustered t interval. Every
    /// interval is then clipped to the score's bounds, and the method says which rule and which bounds applied.
    /// </summary>
    private ScoreAggregate WithItemStatistics(ScoreAggregate aggregate, ScoreType type, double? naiveTrialStdErr)
    {
        var (itemMean, itemVariance) = ItemMoments();
        var bounds = Bounds;
        var clustered = BuildClustered(Confidence);
        if (clustered is { CiLow: { } cl, CiHigh: { } ch } && bounds is not null)
        {
            clustered = clustered with { CiLow = bounds.Clip(cl), CiHigh = bounds.Clip(ch) };
        }
        aggregate = aggregate with
        {
            ItemMean = itemMean,
            Clustered = clustered,
            Trials = _trials.Build(itemMean, itemVariance, naiveTrialStdErr, passStatistics: IsProportion),
        };
        if (itemVariance is not { } variance)
        {
            return aggregate;
        }
        var stdErr = Math.Sqrt(variance / _numericItems);
        Interval interval;
        if (clustered is { InspectStdErr: { } clusteredStdErr, ClusterCount: >= 2 })
        {
            interval = Intervals.T(itemMean, clusteredStdErr, clustered.ClusterCount - 1, Confidence) with { Kind = "clustered-t" };
        }
        else if (IsProportion && _trials.MaxTrials < 2)
        {
            interval = Intervals.Wilson(itemMean, _numericItems, Confidence);
        }
        else
        {
            interval = Intervals.Mean(itemMean, stdErr, _numericItems, Confidence);
        }
        var (low, high, bounding) = Bound(interval, bounds);
        return aggregate with
        {
            StdErr = stdErr,
            CiLow = low,
            CiHigh = high,
            Method = aggregate.Method! with
            {
                Interval = interval.Kind,
                Bounding = bounding,
                Critical = interval.Critical,
                DegreesOfFreedom = interval.DegreesOfFreedom,
                Confidence = Confidence,
            },
        };
    }

    private (double Low, double High, string Bounding) Bound(Interval interval, ScoreBounds? bounds)
    {
        if (interval.Kind == "wilson")
        {
            return (interval.Low, interval.High, "wilson: inside [0, 1] by construction");
        }
        if (bounds is null)
        {
            return (interval.Low, interval.High, "none: the score has no known range (declare min/max to bound it)");
        }
        var source = Domain == ValueDomain.Proportion ? "a proportion's" : _rubric is not null ? "the rubric levels'" : "the declared";
        var clipped = !bounds.Contains(interval.Low) || !bounds.Contains(interval.High);
        return (bounds.Clip(interval.Low), bounds.Clip(interval.High),
            $"{(clipped ? "clipped to" : "within")} {source} range {bounds}");
    }
}
