namespace Evalstore.Core.Statistics;

/// <summary>Per-item estimators over several trials (epochs) of one item.</summary>
public static class TrialEstimators
{
    /// <summary>
    /// Chen et al. 2021's unbiased pass@k for n trials of which c passed: <c>1 − C(n−c, k)/C(n, k)</c>, computed as
    /// <c>1 − Π_{i=n−c+1}^{n} (1 − k/i)</c> (human-eval's stable form); 1 when n − c &lt; k.
    /// </summary>
    public static double PassAtK(int n, int c, int k)
    {
        Validate(n, c, k);
        if (n - c < k)
        {
            return 1;
        }
        var product = 1.0;
        for (var i = n - c + 1; i <= n; i++)
        {
            product *= 1 - (double)k / i;
        }
        return 1 - product;
    }

    /// <summary>pass^k (τ-bench, inspect's <c>pass_k</c>): <c>C(c, k)/C(n, k)</c>, the chance that k trials drawn without replacement all
    /// pass.</summary>
    public static double PassHatK(int n, int c, int k)
    {
        Validate(n, c, k);
        if (c < k)
        {
            return 0;
        }
        var product = 1.0;
        for (var j = 0; j < k; j++)
        {
            product *= (double)(c - j) / (n - j);
        }
        return product;
    }

    private static void Validate(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, k);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
    }
}
