using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>Seeded paired bootstrap of a mean difference (Koehn 2004; Berg-Kirkpatrick et al. 2012).</summary>
public static class PairedBootstrap
{
    /// <summary>Default seed: the day Miller's paper and Anthropic's blog post on eval statistics appeared.</summary>
    public const ulong DefaultSeed = 20241119;

    /// <summary>Default replicates (enough for p-values near 0.05, per stats.md).</summary>
    public const int DefaultIterations = 10_000;

    /// <summary>
    /// Resampled item draws allowed per bootstrap (about 0.3 s at 3 ns a draw). Above it the replicates are scaled down
    /// to budget/n (the full n is always resampled, never a subsample): 10,000 up to 10k items, 1,000 at 100k, and never
    /// fewer than <see cref="MinimumIterations"/> (0.2 billion draws, under a second, at 1M items). Where the cap bites,
    /// the bootstrap distribution of a mean is normal to many digits and the paired t test says the same.
    /// </summary>
    public const long DrawBudget = 100_000_000;

    /// <summary>Fewest replicates drawn when the budget caps them.</summary>
    public const int MinimumIterations = 200;

    /// <summary>Replicates actually drawn for <paramref name="n"/> items when <paramref name="requested"/> are asked for.</summary>
    public static int IterationsFor(int n, int requested)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested);
        if (n <= 0 || (long)n * requested <= DrawBudget)
        {
            return requested;
        }
        return (int)Math.Min(requested, Math.Max(MinimumIterations, DrawBudget / n));
    }

    /// <summary>
    /// Resamples item indices with replacement (A and B stay paired), recomputes the mean difference each time,
    /// and reports the percentile interval and a two-sided p = min(1, 2·min(share ≤ 0, share ≥ 0)).
    /// The same differences, iterations and seed always give the same replicates.
    /// </summary>
    /// <param name="differences">Per-item differences B − A.</param>
    /// <param name="iterations">Replicates requested; capped by <see cref="IterationsFor"/>.</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="confidence">Level of the percentile interval.</param>
    public static BootstrapTest Run(ReadOnlySpan<double> differences, int iterations = DefaultIterations, ulong seed = DefaultSeed,
        double confidence = 0.95)
    {
        var n = differences.Length;
        if (n == 0)
        {
            throw new ArgumentException("No items to resample.", nameof(differences));
        }
        var used = IterationsFor(n, iterations);
        var replicates = new double[used];
        var rng = new Xoshiro256StarStar(seed);
        long atOrBelow = 0, atOrAbove = 0;
        for (var r = 0; r < used; r++)
        {
            // Two running sums (even and odd draws) halve the add latency chain; the order is fixed, so still reproducible.
            double even = 0, odd = 0;
            var i = 0;
            for (; i + 1 < n; i += 2)
            {
                even += differences[rng.NextIndex(n)];
                odd += differences[rng.NextIndex(n)];
            }
            if (i < n)
            {
                even += differences[rng.NextIndex(n)];
            }
            var mean = (even + odd) / n;
            replicates[r] = mean;
            atOrBelow += mean <= 0 ? 1 : 0;
            atOrAbove += mean >= 0 ? 1 : 0;
        }
        Array.Sort(replicates);
        var tail = (1 - confidence) / 2;
        var p = Math.Min(1, 2.0 * Math.Min(atOrBelow, atOrAbove) / used);
        return new BootstrapTest(Quantiles.Linear(replicates, tail), Quantiles.Linear(replicates, 1 - tail), p, used, iterations, seed,
            Xoshiro256StarStar.Name);
    }
}
