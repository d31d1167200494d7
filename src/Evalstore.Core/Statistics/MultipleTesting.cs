namespace Evalstore.Core.Statistics;

/// <summary>
/// Holm's step-down adjustment (statsmodels <c>multipletests(method='holm')</c>): controls the family-wise error rate
/// when several scores or slices are compared at once, and is never less powerful than Bonferroni.
/// </summary>
public static class Holm
{
    /// <summary>
    /// Adjusted p-values in the input order: with p sorted ascending, <c>adj_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j))</c>,
    /// so the adjusted values are monotone in the raw ones. Reject where the adjusted p ≤ α.
    /// </summary>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        var order = PValues.Order(p);
        var m = p.Count;
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}

/// <summary>
/// Benjamini–Hochberg false-discovery-rate adjustment (statsmodels <c>fdr_bh</c>), for when many comparisons are
/// screened and a controlled share of false discoveries is acceptable.
/// </summary>
public static class BenjaminiHochberg
{
    /// <summary>Adjusted p-values in the input order: <c>adj_(i) = min_{j ≥ i} min(1, m/j·p_(j))</c> over p sorted ascending.</summary>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        var order = PValues.Order(p);
        var m = p.Count;
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            running = Math.Min(running, Math.Min(1, (double)m / (rank + 1) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}

/// <summary>Shared validation and ordering of p-values.</summary>
internal static class PValues
{
    /// <summary>Indices of <paramref name="p"/> by ascending value, ties in input order.</summary>
    public static int[] Order(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        foreach (var value in p)
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(p), value, "p-values must lie in [0, 1].");
            }
        }
        var order = Enumerable.Range(0, p.Count).ToArray();
        // A stable sort keeps equal p-values in input order, so the result does not depend on the sort algorithm.
        return [.. order.OrderBy(i => p[i])];
    }
}
