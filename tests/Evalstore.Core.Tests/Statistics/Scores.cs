using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>Builds aggregates from small literal data sets.</summary>
internal static class Scores
{
    /// <summary>Tolerance for numbers the reference computed with Python to full precision.</summary>
    public const double Tight = 1e-9;

    public static ScoreAggregate Numbers(params double[] values) =>
        Build(values.Select(v => double.IsNaN(v) ? ScoreValue.Nan : ScoreValue.Of(v)), declaration: null);

    public static ScoreAggregate Booleans(params bool[] values) => Build(values.Select(ScoreValue.Of), declaration: null);

    public static ScoreAggregate Build(IEnumerable<ScoreValue> values, MetricDeclaration? declaration)
    {
        var accumulator = new ScoreAccumulator("m", "s", declaration);
        long item = 0;
        foreach (var value in values)
        {
            accumulator.Add(item++, value);
        }
        return accumulator.Build();
    }

    /// <summary>One item per inner array, its trials in order.</summary>
    public static ScoreAggregate Trials(IEnumerable<ScoreValue[]> items, MetricDeclaration? declaration = null, string?[]? clusters = null)
    {
        var accumulator = new ScoreAccumulator("m", "s", declaration);
        long item = 0;
        foreach (var trials in items)
        {
            foreach (var value in trials)
            {
                accumulator.Add(item, value, clusters?[item]);
            }
            item++;
        }
        return accumulator.Build();
    }

    public static void Near(double expected, double? actual, double tolerance = Tight)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual.Value, tolerance);
    }
}
