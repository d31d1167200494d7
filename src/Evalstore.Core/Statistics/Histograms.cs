using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>Equal-width histograms with NeMo's bins and numpy's bin assignment.</summary>
public static class Histograms
{
    /// <summary>
    /// <paramref name="binCount"/> equal-width bins from min to max: half-open <c>[lower, upper)</c> except the last, which is
    /// closed; one bin <c>{min, max, n}</c> when min = max; no bins without values. Edge i is
    /// <c>min + (max − min)·i/bins</c>, rounded once, so the edges of [0, 1] are exactly 0.2, 0.4, 0.6… (numpy's
    /// <c>linspace</c> computes i·step and gets 0.6000000000000001). A value is then counted against those stored edges,
    /// as numpy's histogram corrects its estimate, so each value lands in the bin whose stored bounds contain it:
    /// 0.6 goes to [0.6, 0.8), where <c>floor(0.6/0.2) = 2</c> alone would put it in [0.4, 0.6).
    /// </summary>
    /// <param name="sorted">Ascending values without NaN.</param>
    /// <param name="binCount">Number of bins (10 for NeMo).</param>
    public static Histogram Build(ReadOnlySpan<double> sorted, int binCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        if (sorted.IsEmpty)
        {
            return new Histogram([]);
        }
        double min = sorted[0], max = sorted[^1];
        if (min == max)
        {
            return new Histogram([new HistogramBin(min, max, sorted.Length)]);
        }
        var edges = Edges(min, max, binCount);
        var bins = new HistogramBin[binCount];
        // Sorted input turns bin assignment into one binary search per edge: bin i holds edges[i] ≤ x < edges[i+1].
        var start = 0;
        for (var i = 0; i < binCount; i++)
        {
            var end = i == binCount - 1 ? sorted.Length : LowerBound(sorted, edges[i + 1]);
            bins[i] = new HistogramBin(edges[i], edges[i + 1], end - start);
            start = end;
        }
        return new Histogram(bins);
    }

    /// <summary>
    /// The bins of <see cref="Build(ReadOnlySpan{double}, int)"/> for values in any order: one pass for the range and one
    /// binary search among the edges per value, instead of sorting what is only to be counted.
    /// </summary>
    /// <param name="values">Values without NaN, any order.</param>
    /// <param name="binCount">Number of bins.</param>
    public static Histogram BuildUnsorted(ReadOnlySpan<double> values, int binCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        if (values.IsEmpty)
        {
            return new Histogram([]);
        }
        double min = values[0], max = values[0];
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        if (min == max)
        {
            return new Histogram([new HistogramBin(min, max, values.Length)]);
        }
        var edges = Edges(min, max, binCount);
        var counts = new long[binCount];
        // A value's bin is the number of inner edges at or below it, so max itself falls in the last bin.
        var inner = edges.AsSpan(1, binCount - 1);
        foreach (var value in values)
        {
            counts[UpperBound(inner, value)]++;
        }
        var bins = new HistogramBin[binCount];
        for (var i = 0; i < binCount; i++)
        {
            bins[i] = new HistogramBin(edges[i], edges[i + 1], counts[i]);
        }
        return new Histogram(bins);
    }

    /// <summary>
    /// Bins over a fixed range (numpy's <c>range=(lower, upper)</c>), e.g. [0, 1] for shares so that runs line up;
    /// values outside the range are left out, as numpy does. Same edges and assignment rule as <see cref="Build(ReadOnlySpan{double},
    /// int)"/>.
    /// </summary>
    public static Histogram Build(ReadOnlySpan<double> sorted, int binCount, double lower, double upper)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        if (!(lower < upper) || !double.IsFinite(lower) || !double.IsFinite(upper))
        {
            throw new ArgumentException("The range needs finite bounds with lower < upper.", nameof(upper));
        }
        var edges = Edges(lower, upper, binCount);
        var bins = new HistogramBin[binCount];
        var start = LowerBound(sorted, lower);
        for (var i = 0; i < binCount; i++)
        {
            var end = i == binCount - 1 ? UpperBound(sorted, upper) : LowerBound(sorted, edges[i + 1]);
            bins[i] = new HistogramBin(edges[i], edges[i + 1], end - start);
            start = end;
        }
        return new Histogram(bins);
    }

    /// <summary>Bin edges min + (max − min)·i/bins; the first is min and the last max exactly.</summary>
    internal static double[] Edges(double min, double max, int binCount)
    {
        var edges = new double[binCount + 1];
        var range = max - min;
        for (var i = 0; i < binCount; i++)
        {
            // i·range/bins divides last so that decimal edges (0.6 = 3/5) come out correctly rounded; a range
            // beyond double's reach (−1e308 … 1e308) falls back to scaling before subtracting.
            edges[i] = double.IsFinite(range) ? min + range * i / binCount : min + i * (max / binCount - min / binCount);
        }
        edges[0] = min;
        edges[binCount] = max;
        return edges;
    }

    /// <summary>First index whose value is above <paramref name="edge"/>.</summary>
    private static int UpperBound(ReadOnlySpan<double> sorted, double edge)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] <= edge)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>First index whose value is not below <paramref name="edge"/>.</summary>
    private static int LowerBound(ReadOnlySpan<double> sorted, double edge)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] < edge)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
