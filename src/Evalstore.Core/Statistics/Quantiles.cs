namespace Evalstore.Core.Statistics;

/// <summary>Percentiles of sorted, NaN-free data under the two definitions the store serves.</summary>
public static class Quantiles
{
    /// <summary>The percentiles of <c>percentiles</c>: p1, p5, p10, p25, p50, p75, p90, p95, p99.</summary>
    public static IReadOnlyList<int> StandardPercents { get; } = [1, 5, 10, 25, 50, 75, 90, 95, 99];

    /// <summary>The percentiles of <c>deciles</c>: p10, p20, …, p100.</summary>
    public static IReadOnlyList<int> DecilePercents { get; } = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    /// <summary>
    /// numpy's default <c>method='linear'</c> (Hyndman–Fan type 7, R's default, Excel PERCENTILE.INC):
    /// h = (n − 1)·q, interpolate between the order statistics around h. Not Math.NET's default, which is type 8.
    /// </summary>
    /// <param name="sorted">Ascending values without NaN.</param>
    /// <param name="q">Quantile in [0, 1].</param>
    public static double Linear(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }
        var h = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(h);
        if (below >= sorted.Length - 1)
        {
            return sorted[^1];
        }
        if (below < 0)
        {
            return sorted[0];
        }
        return Lerp(sorted[below], sorted[below + 1], h - below);
    }

    /// <summary>
    /// NeMo Evaluator's percentile: pos = (p/100)·(n + 1) − 1, the first value at pos ≤ 0, the last at pos ≥ n − 1,
    /// linear interpolation otherwise (Excel PERCENTILE.EXC, clamped). So p100 is the maximum.
    /// </summary>
    /// <param name="sorted">Ascending values without NaN.</param>
    /// <param name="percent">Percentile in [0, 100].</param>
    public static double NemoPercentile(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }
        var pos = percent / 100 * (sorted.Length + 1) - 1;
        if (pos <= 0)
        {
            return sorted[0];
        }
        if (pos >= sorted.Length - 1)
        {
            return sorted[^1];
        }
        var below = (int)Math.Floor(pos);
        return sorted[below] + (pos - below) * (sorted[below + 1] - sorted[below]);
    }

    /// <summary>numpy's <c>_lerp</c>: interpolates from the nearer end so that equal neighbours give exactly that value.</summary>
    internal static double Lerp(double a, double b, double t)
    {
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>Keys <c>p{percent}</c> for the given percents, computed with NeMo's positions or numpy's linear method.</summary>
    internal static Dictionary<string, double> Table(ReadOnlySpan<double> sorted, IReadOnlyList<int> percents, bool nemo)
    {
        var table = new Dictionary<string, double>(percents.Count, StringComparer.Ordinal);
        foreach (var percent in percents)
        {
            var key = "p" + percent.ToString(System.Globalization.CultureInfo.InvariantCulture);
            table[key] = nemo ? NemoPercentile(sorted, percent) : Linear(sorted, percent / 100.0);
        }
        return table;
    }
}
