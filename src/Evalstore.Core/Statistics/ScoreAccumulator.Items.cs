using System.Buffers;
using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>Per-item reduction: an item's trials are contiguous in the value buffer, so they are reduced in place.</summary>
public sealed partial class ScoreAccumulator
{
    private void FlushItem()
    {
        if (!_hasItem)
        {
            return;
        }
        _contentItems += _itemHasContent ? 1 : 0;
        var trials = _n - _itemStart;
        if (trials == 0)
        {
            return;
        }
        var span = _values.AsSpan(_itemStart, trials);
        var sum = 0.0;
        foreach (var value in span)
        {
            sum += value;
        }
        var mean = sum / trials;
        if (_numericItems == _itemMeans.Length)
        {
            _itemMeans = Grow(_itemMeans, _numericItems);
        }
        _itemMeans[_numericItems] = mean;
        if (_itemClusters is not null)
        {
            if (_numericItems == _itemClusters.Length)
            {
                _itemClusters = Grow(_itemClusters, _numericItems);
            }
            _itemClusters[_numericItems] = _itemCluster;
        }
        _numericItems++;
        _trials.Add(span, mean);
    }

    /// <summary>Mean, sample variance (null below two) of the per-item means.</summary>
    private (double Mean, double? Variance) ItemMoments()
    {
        var means = _itemMeans.AsSpan(0, _numericItems);
        var (mean, squares) = Moments(means);
        return (mean, means.Length >= 2 ? squares / (means.Length - 1) : null);
    }

    /// <summary>
    /// Mean and sum of squared deviations by the corrected two-pass algorithm with compensated sums: the second pass
    /// subtracts the rounding error of the mean, and Neumaier summation keeps a million squares near 1e11 exact to
    /// about one ulp, as numpy's pairwise summation does.
    /// </summary>
    internal static (double Mean, double SumSquares) Moments(ReadOnlySpan<double> values, double? knownSum = null)
    {
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }
        var sum = knownSum ?? CompensatedSum(values);
        var mean = sum / values.Length;
        double squares = 0, squaresError = 0, residual = 0;
        foreach (var value in values)
        {
            var e = value - mean;
            var term = e * e;
            var t = squares + term;
            squaresError += squares >= term ? squares - t + term : term - t + squares;
            squares = t;
            residual += e;
        }
        return (mean, Math.Max(0, squares + squaresError - residual * residual / values.Length));
    }

    private static double CompensatedSum(ReadOnlySpan<double> values)
    {
        double sum = 0, error = 0;
        foreach (var value in values)
        {
            var t = sum + value;
            error += Math.Abs(sum) >= Math.Abs(value) ? sum - t + value : value - t + sum;
            sum = t;
        }
        return sum + error;
    }

    private ClusteredError? BuildClustered(double confidence)
    {
        if (_itemClusters is null || _numericItems == 0)
        {
            return null;
        }
        return ClusteredStdErr.Compute(_itemMeans.AsSpan(0, _numericItems), _itemClusters.AsSpan(0, _numericItems), confidence);
    }

    private void ReturnBuffers()
    {
        ArrayPool<double>.Shared.Return(_values);
        ArrayPool<double>.Shared.Return(_itemMeans);
        if (_itemClusters is not null)
        {
            ArrayPool<int>.Shared.Return(_itemClusters);
        }
        _values = [];
        _itemMeans = [];
        _itemClusters = null;
    }
}
