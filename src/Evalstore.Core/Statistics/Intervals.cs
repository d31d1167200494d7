namespace Evalstore.Core.Statistics;

/// <summary>A confidence interval with the method and critical value behind it.</summary>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
/// <param name="Kind"><c>t</c>, <c>normal</c> or <c>wilson</c>.</param>
/// <param name="Critical">The t or z critical value.</param>
/// <param name="DegreesOfFreedom">df of a t interval, null otherwise.</param>
public readonly record struct Interval(double Low, double High, string Kind, double Critical, double? DegreesOfFreedom);

/// <summary>Confidence intervals for means and proportions.</summary>
public static class Intervals
{
    /// <summary>Below this many items a mean's interval uses Student's t (df = n − 1), from here on the normal z.</summary>
    public const int NormalFromN = 30;

    /// <summary>
    /// Wilson score interval for a proportion (Wilson 1927; scipy's <c>proportion_ci(method='wilson')</c>):
    /// <c>(p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)</c>. It stays inside [0, 1] and keeps a sensible width at
    /// 0/n and n/n, where the Wald interval collapses.
    /// </summary>
    /// <param name="proportion">p̂; may be a mean of per-item pass shares rather than k/n.</param>
    /// <param name="n">Items.</param>
    /// <param name="confidence">Confidence level.</param>
    public static Interval Wilson(double proportion, double n, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var z = Critical.Normal(confidence);
        var z2 = z * z;
        var centre = proportion + z2 / (2 * n);
        var spread = z * Math.Sqrt(Math.Max(0, proportion * (1 - proportion)) / n + z2 / (4 * n * n));
        var scale = 1 + z2 / n;
        // Clamp only float noise: mathematically the interval lies in [0, 1] and contains p̂, but at 0/n the lower end
        // comes out as 3e-17 instead of 0.
        var low = Math.Clamp((centre - spread) / scale, 0, Math.Clamp(proportion, 0, 1));
        var high = Math.Clamp((centre + spread) / scale, Math.Clamp(proportion, 0, 1), 1);
        return new Interval(low, high, "wilson", z, null);
    }

    /// <summary>
    /// mean ± c·SE with c = t(df = n − 1) when n &lt; <see cref="NormalFromN"/>, else the normal z (inspect's <c>ci(method="t")</c>
    /// for small n; at 30 items and above the two differ by under 4%).
    /// </summary>
    public static Interval Mean(double mean, double stdErr, long n, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        return n < NormalFromN ? T(mean, stdErr, n - 1, confidence) : Normal(mean, stdErr, confidence);
    }

    /// <summary>mean ± t(df)·SE.</summary>
    public static Interval T(double mean, double stdErr, double df, double confidence = 0.95)
    {
        var t = Critical.StudentT(df, confidence);
        return new Interval(mean - t * stdErr, mean + t * stdErr, "t", t, df);
    }

    /// <summary>mean ± z·SE.</summary>
    public static Interval Normal(double mean, double stdErr, double confidence = 0.95)
    {
        var z = Critical.Normal(confidence);
        return new Interval(mean - z * stdErr, mean + z * stdErr, "normal", z, null);
    }
}
