using Evalstore.Core.Model;

namespace Evalstore.Core.Aggregation;

/// <summary>Decides <c>pass_status</c>: the star metric's statistic against its threshold, respecting direction.</summary>
public static class PassStatus
{
    /// <summary>Null without a star metric; false when the star score is missing or has no value.</summary>
    public static bool? Evaluate(StarMetric? star, IReadOnlyList<ScoreAggregate> scores)
    {
        if (star is null)
        {
            return null;
        }
        var aggregate = Find(star, scores);
        if (aggregate is null || Statistic(aggregate, star.Statistic) is not { } value)
        {
            return false;
        }
        var higherIsBetter = star.HigherIsBetter ?? aggregate.HigherIsBetter;
        return higherIsBetter ? value >= star.Threshold : value <= star.Threshold;
    }

    /// <summary>The aggregate a star metric points at: by score name, else the metric's only score.</summary>
    public static ScoreAggregate? Find(StarMetric star, IReadOnlyList<ScoreAggregate> scores)
    {
        var ofMetric = scores.Where(s => string.Equals(s.Metric, star.Metric, StringComparison.Ordinal)).ToList();
        var name = star.Score ?? star.Metric;
        return ofMetric.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
            ?? (star.Score is null && ofMetric.Count == 1 ? ofMetric[0] : null);
    }

    /// <summary>
    /// Reads a named statistic (<c>mean</c>, <c>pass_rate</c>, <c>min</c>, <c>p50</c>, <c>ci_low</c>…) of an aggregate.
    /// </summary>
    public static double? Statistic(ScoreAggregate aggregate, string? statistic) => (statistic ?? "mean") switch
    {
        "mean" => aggregate.Mean,
        "pass_rate" => aggregate.PassRate ?? aggregate.Mean,
        "sum" => aggregate.Sum,
        "min" => aggregate.Min,
        "max" => aggregate.Max,
        "std_dev" => aggregate.StdDev,
        "variance" => aggregate.Variance,
        "std_err" => aggregate.StdErr,
        "ci_low" => aggregate.CiLow,
        "ci_high" => aggregate.CiHigh,
        "count" => aggregate.Count,
        "nan_count" => aggregate.NanCount,
        var p when aggregate.Percentiles is { } percentiles && percentiles.TryGetValue(p, out var value) => value,
        var p when aggregate.Deciles is { } deciles && deciles.TryGetValue(p, out var value) => value,
        _ => null,
    };
}
