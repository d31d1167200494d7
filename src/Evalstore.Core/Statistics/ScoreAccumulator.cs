using System.Buffers;
using System.Runtime.InteropServices;
using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Streams one score's values (all trials of one item together, items ascending) into a <see cref="ScoreAggregate"/>.
/// Values go into one pooled buffer, so adding a value never allocates; an item's trials are reduced as soon as the
/// next item starts, and everything that needs order (percentiles, histogram) runs once over the sorted buffer in
/// <see cref="Build"/>.
/// </summary>
/// <remarks>
/// Domain (<see cref="Domain"/>) picks the statistics: values all 0 or 1 make a proportion whatever the type.
/// Type: the declared type wins; rubric levels without a declared type mean <see cref="ScoreType.Rubric"/>; otherwise
/// any label makes the score <see cref="ScoreType.Text"/>, all-boolean values <see cref="ScoreType.Binary"/> and
/// anything else <see cref="ScoreType.Range"/> (booleans as 1/0). NaN, null and ±Inf count in <c>nan_count</c> only;
/// so do labels of a numeric score that carry no number (unmapped rubric labels, text under a numeric declaration).
/// <see cref="Build"/> returns the pooled buffers; an accumulator that is never built just leaves them to the GC.
/// Not thread-safe: one accumulator per score, fed by one thread.
/// </remarks>
public sealed partial class ScoreAccumulator
{
    /// <summary>A value at or above this passes (pass_count, pass@k): inspect's default for binary scores.</summary>
    public const double PassThreshold = 1.0;

    private readonly string _metric;
    private readonly string _name;
    private readonly MetricDeclaration? _declaration;
    private readonly ScoreType? _fixedType;
    private readonly RubricTally? _rubric;
    private readonly TrialTally _trials = new();
    private Dictionary<string, long>? _labels;
    private Dictionary<string, int>? _clusterIds;

    private double[] _values = ArrayPool<double>.Shared.Rent(1024);
    private int _n;
    private double _sum;
    private double _sumCompensation;
    private long _nan;
    private long _labelCount;
    private long _passCount;
    private bool _allBoolean = true;
    private bool _allZeroOne = true;

    private bool _hasItem;
    private long _item;
    private int _itemStart;
    private bool _itemHasContent;
    private int _itemCluster = -1;
    private double[] _itemMeans = ArrayPool<double>.Shared.Rent(1024);
    private int[]? _itemClusters;
    private int _numericItems;
    private long _contentItems;
    private ScoreAggregate? _built;

    /// <summary>Starts an empty accumulator for one score.</summary>
    /// <param name="metric">Metric key.</param>
    /// <param name="name">Score name within the metric.</param>
    /// <param name="declaration">The declaration covering this score, if any.</param>
    public ScoreAccumulator(string metric, string name, MetricDeclaration? declaration)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(name);
        _metric = metric;
        _name = name;
        _declaration = declaration;
        var levels = declaration?.Rubric;
        _fixedType = declaration?.Type ?? (levels is { Count: > 0 } ? ScoreType.Rubric : null);
        if (_fixedType == ScoreType.Rubric)
        {
            _rubric = new RubricTally(levels ?? []);
        }
    }

    /// <summary>Adds one trial's value of <paramref name="item"/>.</summary>
    /// <param name="item">Item (row index); all values of an item come together, items in ascending order.</param>
    /// <param name="value">The value.</param>
    /// <param name="cluster">The item's cluster, if the result clusters items; the first non-null one of an item counts.</param>
    /// <exception cref="InvalidOperationException">Items out of order, or called after <see cref="Build"/>.</exception>
    public void Add(long item, ScoreValue value, string? cluster = null)
    {
        if (_built is not null)
        {
            throw new InvalidOperationException("The accumulator was already built.");
        }
        if (!_hasItem || item != _item)
        {
            NextItem(item);
        }
        if (cluster is not null && _itemCluster < 0)
        {
            SetCluster(cluster);
        }
        switch (value.Kind)
        {
            case ScoreValueKind.Nan:
                _nan++;
                return;
            case ScoreValueKind.Label when _fixedType == ScoreType.Text || _fixedType is null:
                AddLabel(value.Label ?? string.Empty);
                return;
            case ScoreValueKind.Label when _rubric is not null:
                var level = _rubric.Find(value.Label, value.Number);
                AddNumber(double.IsFinite(value.Number) ? value.Number : _rubric.ValueOf(level), level);
                return;
            case ScoreValueKind.Number:
                _allBoolean = false;
                break;
        }
        AddNumber(value.Number, _rubric?.Find(null, value.Number) ?? -1);
    }

    private void AddLabel(string label)
    {
        _labels ??= new Dictionary<string, long>(StringComparer.Ordinal);
        CollectionsMarshal.GetValueRefOrAddDefault(_labels, label, out _)++;
        _labelCount++;
        _itemHasContent = true;
    }

    private void AddNumber(double number, int level)
    {
        if (!double.IsFinite(number))
        {
            _nan++;
            return;
        }
        if (_n == _values.Length)
        {
            _values = Grow(_values, _n);
        }
        _values[_n++] = number;
        // Neumaier summation: the sum of a million values keeps its last digits, as numpy's pairwise sum does.
        var t = _sum + number;
        _sumCompensation += Math.Abs(_sum) >= Math.Abs(number) ? _sum - t + number : number - t + _sum;
        _sum = t;
        if (number >= PassThreshold)
        {
            _passCount++;
        }
        _allZeroOne &= number is 0 or 1;
        _rubric?.Count(level);
        _itemHasContent = true;
    }

    private void NextItem(long item)
    {
        if (_hasItem && item < _item)
        {
            throw new InvalidOperationException(
                $"Values of score '{_metric}:{_name}' must arrive grouped by item in ascending order; item {item} came after {_item}.");
        }
        FlushItem();
        _hasItem = true;
        _item = item;
        _itemStart = _n;
        _itemHasContent = false;
        _itemCluster = -1;
    }

    private void SetCluster(string cluster)
    {
        if (_clusterIds is null)
        {
            _clusterIds = new Dictionary<string, int>(StringComparer.Ordinal);
            // Items before the first cluster have none: each is a cluster of its own (-1).
            _itemClusters = ArrayPool<int>.Shared.Rent(_itemMeans.Length);
            _itemClusters.AsSpan(0, _numericItems).Fill(-1);
        }
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_clusterIds, cluster, out var exists);
        if (!exists)
        {
            id = _clusterIds.Count - 1;
        }
        _itemCluster = id;
    }

    private static T[] Grow<T>(T[] array, int used)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(1024, array.Length * 2));
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        return bigger;
    }
}
