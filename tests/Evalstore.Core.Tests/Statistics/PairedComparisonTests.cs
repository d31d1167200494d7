using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>stats.md D3a and D3b. The table's d is A − B; the store reports B − A, so its signs are flipped here.</summary>
public sealed class PairedComparisonTests
{
    private static readonly double[] s_binaryA = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    private static readonly double[] s_binaryB = [1, 1, 1, 0, 0, 0, 0, 1, 0, 0];
    private static readonly double[] s_continuousA = [.82, .64, .91, .45, .73, .58, .99, .37, .66, .80];
    private static readonly double[] s_continuousB = [.78, .60, .93, .30, .70, .50, .95, .40, .55, .71];

    [Fact]
    public void D3a_PairedBinary()
    {
        var c = PairedComparison.Compare(s_binaryA, s_binaryB, ScoreType.Binary);
        Assert.Equal(10, c.N);
        Near(0.7, c.MeanA);
        Near(0.4, c.MeanB);
        Near(-0.3, c.Difference);
        Assert.Equal("b_minus_a", c.DifferenceDirection);
        Near(0.21343747458109494, c.StdErrPaired);       // 0.213437
        Near(0.22360679774997896, c.StdErrUnpaired);     // 0.223607
        Near(0.08908708063747477, c.Correlation);        // 0.0890871
        Near(-0.7828291119331832, c.CiLow);              // t(df=9) [−0.182829, 0.782829] negated
        Near(0.18282911193318324, c.CiHigh);
        Near(2.2621571627982027, c.Critical);
        var mcnemar = c.McNemar!;
        Assert.Equal((4L, 1L), (mcnemar.B, mcnemar.C));                 // exact McNemar b = 4, c = 1, p = 0.375
        Assert.Equal(0.375, mcnemar.P, 1e-15);
        Near(1.8, mcnemar.ChiSquare);
        Near(0.17971249487899985, mcnemar.ChiSquareP);                   // 0.179712
        Near(0.8, mcnemar.CorrectedChiSquare);
        Near(0.37109336952269756, mcnemar.CorrectedChiSquareP);          // 0.371093
        // The rest of the table follows from the reported numbers.
        Near(-1.4055638569974547, c.Difference / c.StdErrPaired);       // z_paired 1.40556
        var z = Intervals.Normal(c.Difference!.Value, c.StdErrPaired!.Value);   // z CI [−0.11833, 0.71833] negated
        Near(-0.7183297631301293, z.Low);
        Near(0.11832976313012927, z.High);
        Near(0.22360679774997896, Math.Sqrt(mcnemar.B + mcnemar.C) / (double)c.N);   // SE_0 = sqrt(b + c)/n
        var a = Scores.Numbers(s_binaryA);
        var b = Scores.Numbers(s_binaryB);
        Near(0.2333333333333333, a.SampleStdDev * a.SampleStdDev);      // var_samp A / B
        Near(0.2666666666666667, b.SampleStdDev * b.SampleStdDev);
        Near(0.4555555555555556, c.StdErrPaired * c.StdErrPaired * 10); // var_samp d = n·SE²
        Near(0.022222222222222223, c.Correlation * a.SampleStdDev * b.SampleStdDev);   // Cov(A, B), n − 1
        Assert.Null(c.PairedT);
        Assert.Null(c.Bootstrap);
        Assert.Equal(new SignTest(1, 4, 5, 0.375), c.Sign);
        Assert.Equal((1L, 4L, 5L), (c.Wins, c.Losses, c.Ties));
        Near(0.5979632737777579, c.MinimumDetectableEffect);
        // Five discordant items cannot reach α = 0.05 even if all went one way (2·0.5⁵ = 0.0625).
        Assert.Equal(Verdict.Inconclusive, c.Verdict);
        Assert.Equal(SignificanceTest.McNemarExact, c.VerdictTest);
        Near(0.375, c.VerdictP);
    }

    [Fact]
    public void D3b_PairedContinuous()
    {
        var c = PairedComparison.Compare(s_continuousA, s_continuousB, ScoreType.Range);
        Near(0.695, c.MeanA);
        Near(0.642, c.MeanB);
        Near(-0.053, c.Difference);
        Near(0.017641491496532324, c.StdErrPaired);      // 0.0176415
        Near(0.09159148432032313, c.StdErrUnpaired);     // 0.0915915
        Near(0.9666591544196886, c.Correlation);         // 0.966659
        Near(-0.09290782635132419, c.CiLow);             // [0.0130922, 0.0929078] negated
        Near(-0.013092173648675827, c.CiHigh);
        Assert.NotNull(c.PairedT);
        Near(-3.0042811295415626, c.PairedT.T);          // 3.00428
        Assert.Equal(9, c.PairedT.Df);
        Near(0.014852906712032654, c.PairedT.P);         // 0.0148529
        Assert.Equal(new SignTest(2, 8, 0, 0.109375), c.Sign);
        Assert.Null(c.McNemar);
        Near(0.04942414180215058, c.MinimumDetectableEffect);
        Assert.Equal(Verdict.Worse, c.Verdict);
        Assert.Equal(SignificanceTest.PairedT, c.VerdictTest);
        Assert.True(c.StdErrUnpaired / c.StdErrPaired > 5.1);  // the paired SE is 5.2× smaller
    }

    [Fact]
    public void D3b_LowerIsBetter_TurnsTheVerdictAndWins()
    {
        var c = PairedComparison.Compare(s_continuousA, s_continuousB, ScoreType.Range, higherIsBetter: false);
        Assert.Equal(Verdict.Better, c.Verdict);
        Assert.Equal(8, c.Wins);
        Assert.Equal(2, c.Losses);
        Near(-0.053, c.Difference);   // the difference keeps its B − A sign
    }

    [Fact]
    public void D3b_Bootstrap_IsSeededAndReproducible()
    {
        var first = PairedComparison.Compare(s_continuousA, s_continuousB, ScoreType.Range, seed: 7).Bootstrap!;
        var again = PairedComparison.Compare(s_continuousA, s_continuousB, ScoreType.Range, seed: 7).Bootstrap!;
        Assert.Equal(first, again);
        Assert.Equal(10_000, first.Iterations);
        Assert.Equal(7UL, first.Seed);
        Assert.Contains("xoshiro256**", first.Generator, StringComparison.Ordinal);
        // The percentile interval brackets the observed difference and sits near the t interval.
        Assert.InRange(-0.053, first.CiLow, first.CiHigh);
        Assert.InRange(first.CiLow, -0.095, -0.080);
        Assert.InRange(first.CiHigh, -0.030, -0.015);
        Assert.InRange(first.P, 0, 0.01);   // 8 of 10 items drop: almost no replicate crosses 0
    }

    [Fact]
    public void Bootstrap_DifferentSeedsDrawDifferentReplicates()
    {
        // 200 distinct differences: replicate means rarely coincide, so two seeds give different quantiles.
        var d = Enumerable.Range(0, 200).Select(i => Math.Sin(i * 1.7) / 10 + 0.01).ToArray();
        var seven = PairedBootstrap.Run(d, 2000, 7);
        var eight = PairedBootstrap.Run(d, 2000, 8);
        Assert.NotEqual(seven.CiLow, eight.CiLow);
        Assert.NotEqual(seven.CiHigh, eight.CiHigh);
        Assert.Equal(seven, PairedBootstrap.Run(d, 2000, 7));
        // Both estimate the same interval: mean ± ~2·SE0.
        var mean = d.Average();
        var se0 = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / d.Length / d.Length);
        Assert.Equal(mean - 1.96 * se0, seven.CiLow, 0.3 * se0);
        Assert.Equal(mean + 1.96 * se0, eight.CiHigh, 0.3 * se0);
    }

    [Fact]
    public void Bootstrap_DefaultSeedIsFixed()
    {
        var d = s_continuousA.Zip(s_continuousB, (a, b) => b - a).ToArray();
        var run = PairedBootstrap.Run(d);
        Assert.Equal(PairedBootstrap.DefaultSeed, run.Seed);
        Assert.Equal(run, PairedBootstrap.Run(d, PairedBootstrap.DefaultIterations, 20241119));
    }

    [Fact]
    public void Bootstrap_ScalesIterationsDownForLargeN()
    {
        Assert.Equal(10_000, PairedBootstrap.IterationsFor(10_000, 10_000));
        Assert.Equal(1_000, PairedBootstrap.IterationsFor(100_000, 10_000));
        Assert.Equal(PairedBootstrap.MinimumIterations, PairedBootstrap.IterationsFor(1_000_000, 10_000));
        Assert.Equal(200, PairedBootstrap.IterationsFor(1_000_000, 300));
        Assert.Equal(100, PairedBootstrap.IterationsFor(1_000_000, 100));   // never more than asked for
        var run = PairedBootstrap.Run(new double[400_000], 10_000, 1);
        Assert.Equal(250, run.Iterations);
        Assert.Equal(10_000, run.RequestedIterations);
        Assert.Equal(1, run.P);   // all-zero differences: every replicate is 0
    }

    [Fact]
    public void SignificantBinaryImprovement_IsBetter()
    {
        double[] a = [.. Enumerable.Repeat(0.0, 20), .. Enumerable.Repeat(1.0, 20)];
        double[] b = [.. Enumerable.Repeat(1.0, 15), .. Enumerable.Repeat(0.0, 5), .. Enumerable.Repeat(1.0, 20)];
        var c = PairedComparison.Compare(a, b, ScoreType.Binary);
        Assert.Equal(0, c.McNemar!.B);
        Assert.Equal(15, c.McNemar.C);
        Near(2 * Math.Pow(0.5, 15), c.McNemar.P, 1e-15);
        Assert.Equal(Verdict.Better, c.Verdict);
    }

    [Fact]
    public void IdenticalRuns_AreNoSignificantDifference()
    {
        double[] a = [0.1, 0.5, 0.9, 0.3];
        var c = PairedComparison.Compare(a, a, ScoreType.Range);
        Near(0, c.Difference);
        Near(0, c.StdErrPaired);
        Assert.Null(c.PairedT!.T);
        Assert.Equal(1, c.PairedT.P);
        Assert.Equal(Verdict.NoSignificantDifference, c.Verdict);
        Assert.Equal(4, c.Ties);
        Near(1, c.Correlation);
    }

    [Fact]
    public void TooFewItems_AreInconclusive()
    {
        Assert.Equal(Verdict.Inconclusive, PairedComparison.Compare([], [], ScoreType.Range).Verdict);
        var one = PairedComparison.Compare([0.2], [0.9], ScoreType.Range);
        Assert.Equal(Verdict.Inconclusive, one.Verdict);
        Near(0.7, one.Difference);
        Assert.Null(one.StdErrPaired);
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => PairedComparison.Compare([1.0], [1.0, 2.0], ScoreType.Range));
        Assert.Throws<ArgumentException>(() => PairedComparison.Compare([1.0], [1.0], ScoreType.Text));
        Assert.Throws<ArgumentException>(() => PairedComparison.Compare([double.NaN], [1.0], ScoreType.Range));
    }
}
