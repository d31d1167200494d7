using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Cluster-robust standard errors of a mean (Miller 2024, arXiv 2411.00640): items of one cluster share their
/// residuals' cross products, which the naive standard error drops.
/// </summary>
public static class ClusteredStdErr
{
    /// <summary>
    /// Every variant over per-item values and dense cluster ids (0, 1, …); a negative id puts the item in a cluster of
    /// its own (inspect_ai raises on a missing id instead; treating it as independent is the unclustered assumption).
    /// </summary>
    /// <param name="values">Per-item values (trials already reduced).</param>
    /// <param name="clusterIds">Cluster id per item.</param>
    /// <param name="confidence">Level of the t interval (df = C − 1).</param>
    public static ClusteredError Compute(ReadOnlySpan<double> values, ReadOnlySpan<int> clusterIds, double confidence = 0.95)
    {
        if (values.Length != clusterIds.Length)
        {
            throw new ArgumentException("One cluster id per value is needed.", nameof(clusterIds));
        }
        if (values.IsEmpty)
        {
            throw new ArgumentException("No values.", nameof(values));
        }
        var n = values.Length;
        var (mean, _) = ScoreAccumulator.Moments(values);
        var maxId = -1;
        foreach (var id in clusterIds)
        {
            maxId = Math.Max(maxId, id);
        }
        var sums = new double[maxId + 1];
        var used = new bool[maxId + 1];
        double diagonal = 0, between = 0;
        long clusters = 0;
        for (var i = 0; i < n; i++)
        {
            var e = values[i] - mean;
            diagonal += e * e;
            if (clusterIds[i] < 0)
            {
                between += e * e;
                clusters++;
                continue;
            }
            sums[clusterIds[i]] += e;
            if (!used[clusterIds[i]])
            {
                used[clusterIds[i]] = true;
                clusters++;
            }
        }
        foreach (var s in sums)
        {
            between += s * s;
        }
        return Assemble(mean, n, clusters, between, diagonal, confidence);
    }

    /// <summary>The same over per-item values and cluster keys (null: a cluster of its own).</summary>
    public static ClusteredError Compute(IReadOnlyList<double> values, IReadOnlyList<string?> clusters, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(clusters);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var dense = new int[clusters.Count];
        for (var i = 0; i < dense.Length; i++)
        {
            dense[i] = clusters[i] is { } key ? ids.TryGetValue(key, out var id) ? id : ids[key] = ids.Count : -1;
        }
        return Compute([.. values], dense, confidence);
    }

    /// <summary>
    /// Miller's main-text form <c>sqrt(SE_CLT² + (1/n²) Σ_c Σ_{i≠j∈c} e_i e_j)</c>; it differs from Appendix A only on
    /// the diagonal (ddof 1 inside SE_CLT). Null below two items.
    /// </summary>
    public static double? MainText(IReadOnlyList<double> values, IReadOnlyList<string?> clusters) =>
        Compute(values, clusters).MainTextStdErr;

    private static ClusteredError Assemble(double mean, int n, long clusters, double between, double diagonal, double confidence)
    {
        // Σ_c (Σ e)² is the diagonal plus the within-cluster cross terms.
        var appendixA = Math.Sqrt(between) / n;
        double? naive = n >= 2 ? Math.Sqrt(diagonal / (n - 1) / n) : null;
        double? mainText = n >= 2 ? Math.Sqrt(Math.Max(0, diagonal / (n - 1) / n + (between - diagonal) / ((double)n * n))) : null;
        double? inspect = clusters >= 2 ? appendixA * Math.Sqrt((double)clusters / (clusters - 1)) : null;
        Interval? interval = inspect is { } se ? Intervals.T(mean, se, clusters - 1, confidence) : null;
        return new ClusteredError
        {
            ClusterCount = clusters,
            ItemCount = n,
            StdErr = appendixA,
            InspectStdErr = inspect,
            MainTextStdErr = mainText,
            NaiveStdErr = naive,
            Ratio = naive > 0 ? appendixA / naive : null,
            InspectRatio = naive > 0 && inspect is { } i ? i / naive : null,
            CiLow = interval?.Low,
            CiHigh = interval?.High,
            Critical = interval?.Critical,
        };
    }
}
