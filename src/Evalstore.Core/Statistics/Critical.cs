using MathNet.Numerics.Distributions;

namespace Evalstore.Core.Statistics;

/// <summary>Critical values and tail probabilities of the normal, Student-t and binomial distributions.</summary>
public static class Critical
{
    /// <summary>Two-sided normal critical value for a confidence level (0.95 gives 1.959963984540054).</summary>
    public static double Normal(double confidence = 0.95) => NormalQuantile(1 - (1 - confidence) / 2);

    /// <summary>The standard normal quantile.</summary>
    public static double NormalQuantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);

    /// <summary>Two-sided Student-t critical value with <paramref name="df"/> degrees of freedom (df 4 gives 2.776445).</summary>
    public static double StudentT(double df, double confidence = 0.95) => StudentTQuantile(1 - (1 - confidence) / 2, df);

    /// <summary>
    /// The Student-t quantile. Math.NET's own <c>StudentT.InvCDF</c> is documented as "slow and unreliable", so this
    /// inverts its (incomplete-beta based, accurate) CDF with a bracketed Newton iteration to full double precision.
    /// </summary>
    public static double StudentTQuantile(double p, double df)
    {
        if (!(p > 0 && p < 1) || !(df > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "p must lie in (0, 1) and df be positive.");
        }
        if (p == 0.5)
        {
            return 0;
        }
        if (p < 0.5)
        {
            return -StudentTQuantile(1 - p, df);
        }
        // The t quantile is at least the normal one; double the upper end until it brackets the root.
        double lo = 0, hi = Math.Max(1, NormalQuantile(p));
        while (StudentTCdf(hi, df) < p)
        {
            lo = hi;
            hi *= 2;
        }
        var t = (lo + hi) / 2;
        for (var i = 0; i < 200; i++)
        {
            var f = StudentTCdf(t, df) - p;
            if (f == 0)
            {
                return t;
            }
            if (f < 0)
            {
                lo = t;
            }
            else
            {
                hi = t;
            }
            // Newton when it stays inside the bracket, bisection otherwise: fast and never diverges.
            var newton = t - f / MathNet.Numerics.Distributions.StudentT.PDF(0, 1, df, t);
            var next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
            var converged = Math.Abs(next - t) <= 1e-15 * t;
            t = next;
            if (converged)
            {
                break;
            }
        }
        return t;
    }

    /// <summary>Student-t CDF.</summary>
    public static double StudentTCdf(double t, double df) => MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, t);

    /// <summary>Two-sided p of a t statistic, computed from the lower tail so that tiny p-values keep their precision.</summary>
    public static double StudentTTwoSidedP(double t, double df) => Math.Min(1, 2 * StudentTCdf(-Math.Abs(t), df));

    /// <summary>Upper-tail p of a χ² statistic with one degree of freedom: erfc(sqrt(x/2)).</summary>
    public static double ChiSquareOneP(double x) => MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(Math.Max(0, x) / 2));

    /// <summary>
    /// Exact two-sided p of the binomial test with p = ½ (McNemar exact, sign test): min(1, 2·P(X ≤ min(k, n − k))).
    /// </summary>
    public static double BinomialHalfTwoSidedP(long k, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, k);
        if (n == 0)
        {
            return 1;
        }
        var low = Math.Min(k, n - k);
        return Math.Min(1, 2 * (n <= ExactBinomialLimit ? LowerTailHalf(low, n) : Binomial.CDF(0.5, (int)Math.Min(n, int.MaxValue), low)));
    }

    // Up to here the tail is summed term by term (2^−n stays a normal double), so 0.375 comes out as 0.375 and not as
    // the incomplete beta's 0.37499999999999944; beyond it Math.NET's incomplete beta is accurate enough.
    private const long ExactBinomialLimit = 1000;

    private static double LowerTailHalf(long k, long n)
    {
        var term = Math.Pow(0.5, n);
        var sum = term;
        for (var i = 0L; i < k; i++)
        {
            term *= (double)(n - i) / (i + 1);
            sum += term;
        }
        return sum;
    }
}
