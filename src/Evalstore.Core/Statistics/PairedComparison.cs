using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Paired comparison of two runs over the same items (Miller 2024 §"paired differences"): every difference is
/// B − A, with A the baseline and B the candidate.
/// </summary>
public static class PairedComparison
{
    /// <summary>An item passes, for McNemar's table, when its reduced value is at least this: the majority of its trials.</summary>
    public const double McNemarPassThreshold = 0.5;

    /// <summary>
    /// Compares aligned per-item values (already joined by row digest and reduced per item).
    /// Items that are all 0 or 1 on both sides (a proportion, whatever its declared type) get McNemar's exact test; the
    /// others (trial means, scales) a paired t test and a seeded paired bootstrap. The verdict
    /// follows that test at <paramref name="alpha"/>: <c>better</c>/<c>worse</c> says how B fares against A given
    /// <paramref name="higherIsBetter"/>; <c>inconclusive</c> when fewer than two items match, or (binary) when there are so
    /// few discordant items that even a unanimous split could not reach α.
    /// </summary>
    /// <param name="a">Baseline values, one per item.</param>
    /// <param name="b">Candidate values, aligned with <paramref name="a"/>.</param>
    /// <param name="type">Score type; text scores cannot be compared numerically.</param>
    /// <param name="alpha">Two-sided significance level; intervals are at 1 − α.</param>
    /// <param name="bootstrapIterations">Bootstrap replicates requested (capped for large n, see <see
    /// cref="PairedBootstrap.IterationsFor"/>).</param>
    /// <param name="seed">Bootstrap seed.</param>
    /// <param name="higherIsBetter">Direction of improvement.</param>
    /// <param name="power">Power of the minimum detectable effect.</param>
    public static ScoreComparison Compare(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ScoreType type, double alpha = 0.05,
        int bootstrapIterations = PairedBootstrap.DefaultIterations, ulong seed = PairedBootstrap.DefaultSeed, bool higherIsBetter = true,
        double power = 0.8)
    {
        Validate(a, b, type, alpha, power);
        var n = a.Length;
        var m = PairedMoments.Of(a, b);
        // The value domain picks the test, not the declared type: items that are all 0 or 1 on both sides (booleans, or
        // 0/1 numbers, one trial each) are pass/fail, so McNemar; anything else (trial means, scales) the paired t test.
        var binary = IsZeroOne(a) && IsZeroOne(b);
        var comparison = new ScoreComparison
        {
            ScoreType = type,
            Domain = binary ? ValueDomain.Proportion : ValueDomain.Unbounded,
            HigherIsBetter = higherIsBetter,
            N = n,
            Confidence = 1 - alpha,
            Power = power,
            Sign = new SignTest(m.Positive, m.Negative, m.Zero, Critical.BinomialHalfTwoSidedP(m.Positive, m.Positive + m.Negative)),
            Wins = higherIsBetter ? m.Positive : m.Negative,
            Losses = higherIsBetter ? m.Negative : m.Positive,
            Ties = m.Zero,
            McNemar = binary ? McNemar(m.PassFail, m.FailPass) : null,
            Verdict = Verdict.Inconclusive,
        };
        if (n == 0)
        {
            return comparison;
        }
        var difference = m.MeanB - m.MeanA;
        comparison = comparison with { MeanA = m.MeanA, MeanB = m.MeanB, Difference = difference };
        if (n < 2)
        {
            return comparison;
        }
        var df = n - 1.0;
        var sePaired = Math.Sqrt(m.SquaresD / df / n);
        var interval = Intervals.T(difference, sePaired, df, 1 - alpha);
        PairedTTest? pairedT = null;
        BootstrapTest? bootstrap = null;
        if (!binary)
        {
            pairedT = sePaired > 0
                ? new PairedTTest(difference / sePaired, df, Critical.StudentTTwoSidedP(difference / sePaired, df))
                : new PairedTTest(null, df, difference == 0 ? 1 : 0);
            // Zero replicates asks for no bootstrap (the gate needs only the paired t test). Beyond the draw budget even at
            // the minimum replicates (over 500,000 items) the bootstrap is skipped: the t test's normal approximation is
            // then as exact as any bootstrap, and 2·10⁸ random draws per score would dominate a compare.
            bootstrap = bootstrapIterations > 0 && (long)a.Length * PairedBootstrap.MinimumIterations <= PairedBootstrap.DrawBudget
                ? PairedBootstrap.Run(Differences(a, b), bootstrapIterations, seed, 1 - alpha)
                : null;
        }
        var verdictP = binary ? comparison.McNemar!.P : pairedT!.P;
        var testable = !binary || 2 * Math.Pow(0.5, m.PassFail + m.FailPass) <= alpha;
        return comparison with
        {
            StdErrPaired = sePaired,
            CiLow = interval.Low,
            CiHigh = interval.High,
            Critical = interval.Critical,
            StdErrUnpaired = Math.Sqrt((m.SquaresA + m.SquaresB) / df / n),
            Correlation = m.SquaresA > 0 && m.SquaresB > 0 ? m.CrossAB / Math.Sqrt(m.SquaresA * m.SquaresB) : null,
            PairedT = pairedT,
            Bootstrap = bootstrap,
            MinimumDetectableEffect = (Critical.NormalQuantile(1 - alpha / 2) + Critical.NormalQuantile(power)) * sePaired,
            VerdictTest = binary ? SignificanceTest.McNemarExact : SignificanceTest.PairedT,
            VerdictP = verdictP,
            Verdict = !testable ? Verdict.Inconclusive
                : verdictP >= alpha || difference == 0 ? Verdict.NoSignificantDifference
                : (difference > 0) == higherIsBetter ? Verdict.Better : Verdict.Worse,
        };
    }

    /// <summary>McNemar's test from the discordant counts b (A passed, B failed) and c (A failed, B passed).</summary>
    public static McNemarTest McNemar(long b, long c)
    {
        var exact = Critical.BinomialHalfTwoSidedP(Math.Min(b, c), b + c);
        if (b + c == 0)
        {
            return new McNemarTest(b, c, exact, McNemarPassThreshold);
        }
        var chi = (double)(b - c) * (b - c) / (b + c);
        var corrected = Math.Pow(Math.Max(0, Math.Abs(b - c) - 1), 2) / (b + c);
        return new McNemarTest(
            b, c, exact, McNemarPassThreshold, chi, Critical.ChiSquareOneP(chi), corrected, Critical.ChiSquareOneP(corrected));
    }

    /// <summary>True when every value is exactly 0 or 1 (and there is at least one).</summary>
    public static bool IsZeroOne(ReadOnlySpan<double> values)
    {
        foreach (var x in values)
        {
            if (x is not (0 or 1))
            {
                return false;
            }
        }
        return !values.IsEmpty;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double[] Differences(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = new double[a.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = b[i] - a[i];
        }
        return d;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Validate(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ScoreType type, double alpha, double power)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"The two sides must be aligned: {a.Length} against {b.Length} items.", nameof(b));
        }
        if (type == ScoreType.Text)
        {
            throw new ArgumentException("Text scores have no numbers to compare.", nameof(type));
        }
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), "alpha and power must lie in (0, 1).");
        }
        foreach (var x in a)
        {
            ThrowIfNotFinite(x, nameof(a));
        }
        foreach (var x in b)
        {
            ThrowIfNotFinite(x, nameof(b));
        }
    }

    private static void ThrowIfNotFinite(double x, string name)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentException("Reduced item values must be finite (drop NaN items before comparing).", name);
        }
    }
}
