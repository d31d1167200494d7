using System.Globalization;
using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>Turning the accumulated values into the stored aggregate.</summary>
public sealed partial class ScoreAccumulator
{
    /// <summary>Most labels a text score's distribution lists (the most frequent ones).</summary>
    public const int TextDistributionLimit = 20;

    private const double Confidence = 0.95;

    /// <summary>The score's type as declared, or as inferred from the values added so far.</summary>
    public ScoreType Type
        => _fixedType ?? (_labels is not null ? ScoreType.Text : _allBoolean && _n > 0 ? ScoreType.Binary : ScoreType.Range);

    /// <summary>Computes every statistic. The accumulator is finished afterwards; calling again returns the same aggregate.</summary>
    public ScoreAggregate Build()
    {
        if (_built is not null)
        {
            return _built;
        }
        FlushItem();
        _hasItem = false;
        var type = Type;
        _built = type == ScoreType.Text ? BuildText() : BuildNumeric(type);
        ReturnBuffers();
        return _built;
    }

    private ScoreAggregate BuildNumeric(ScoreType type)
    {
        var values = _values.AsSpan(0, _n);
        var aggregate = new ScoreAggregate
        {
            Metric = _metric,
            Name = _name,
            ScoreType = type,
            Domain = Domain,
            Bounds = Bounds,
            Count = _n,
            NanCount = _nan,
            ItemCount = _numericItems,
            HigherIsBetter = _declaration?.HigherIsBetter ?? true,
            Histogram = type == ScoreType.Rubric ? null : new Histogram([]),
            Method = new AggregateMethod { PassThreshold = IsProportion ? PassThreshold : null },
        };
        if (_rubric is not null)
        {
            var (distribution, mode) = _rubric.Build();
            aggregate = aggregate with { RubricDistribution = distribution, ModeCategory = mode };
        }
        if (_n == 0)
        {
            return aggregate;
        }
        var sum = _sum + _sumCompensation;
        var (mean, squares) = Moments(values, sum);
        values.Sort();
        aggregate = aggregate with
        {
            Sum = sum,
            Mean = mean,
            Min = values[0],
            Max = values[^1],
            Variance = squares / _n,
            StdDev = Math.Sqrt(squares / _n),
            SampleStdDev = _n >= 2 ? Math.Sqrt(squares / (_n - 1)) : null,
        };
        if (type != ScoreType.Rubric)
        {
            aggregate = aggregate with
            {
                Percentiles = Quantiles.Table(values, Quantiles.StandardPercents, nemo: false),
                Deciles = Quantiles.Table(values, Quantiles.DecilePercents, nemo: true),
                Histogram = Histograms.Build(values),
            };
        }
        if (IsProportion)
        {
            aggregate = aggregate with { PassCount = _passCount, PassRate = (double)_passCount / _n };
        }
        var naiveTrialStdErr = _n >= 2 ? Math.Sqrt(squares / (_n - 1) / _n) : (double?)null;
        return WithItemStatistics(aggregate, type, naiveTrialStdErr);
    }

    /// <summary>
    /// Text scores: counts per label, most frequent first, ties by ordinal label, at most
    /// <see cref="TextDistributionLimit"/> listed; numbers among them count under their round-trip text ("0.5").
    /// </summary>
    private ScoreAggregate BuildText()
    {
        var labels = _labels ?? new Dictionary<string, long>(StringComparer.Ordinal);
        var numbers = _values.AsSpan(0, _n);
        numbers.Sort();
        for (var i = 0; i < numbers.Length;)
        {
            var j = i;
            while (j < numbers.Length && numbers[j] == numbers[i])
            {
                j++;
            }
            var key = numbers[i].ToString("R", CultureInfo.InvariantCulture);
            labels[key] = labels.GetValueOrDefault(key) + (j - i);
            i = j;
        }
        var ranked = labels
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(TextDistributionLimit)
            .Select(pair => new RubricCount(pair.Key, null, pair.Value))
            .ToArray();
        return new ScoreAggregate
        {
            Metric = _metric,
            Name = _name,
            ScoreType = ScoreType.Text,
            Domain = ValueDomain.Labels,
            Count = _labelCount + _n,
            NanCount = _nan,
            ItemCount = _contentItems,
            HigherIsBetter = _declaration?.HigherIsBetter ?? true,
            RubricDistribution = ranked,
            ModeCategory = ranked.Length > 0 ? ranked[0].Label : null,
            Method = new AggregateMethod { DistributionLimit = TextDistributionLimit, DistinctLabels = labels.Count },
        };
    }
}
