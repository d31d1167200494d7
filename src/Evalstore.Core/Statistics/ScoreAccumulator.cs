using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>Placeholder until the statistics library lands: count, mean, min, max only.</summary>
public sealed class ScoreAccumulator(string metric, string name, MetricDeclaration? declaration)
{
    private readonly List<double> _values = [];
    private long _nan;

    /// <summary>Adds one value.</summary>
    public void Add(long item, ScoreValue value, string? cluster = null)
    {
        _ = item;
        _ = cluster;
        if (value.HasNumber)
        {
            _values.Add(value.Number);
        }
        else
        {
            _nan++;
        }
    }

    /// <summary>Builds the aggregate.</summary>
    public ScoreAggregate Build() => new()
    {
        Metric = metric,
        Name = name,
        ScoreType = declaration?.Type ?? ScoreType.Range,
        Count = _values.Count,
        NanCount = _nan,
        Sum = _values.Count > 0 ? _values.Sum() : null,
        Mean = _values.Count > 0 ? _values.Average() : null,
        Min = _values.Count > 0 ? _values.Min() : null,
        Max = _values.Count > 0 ? _values.Max() : null,
    };
}
