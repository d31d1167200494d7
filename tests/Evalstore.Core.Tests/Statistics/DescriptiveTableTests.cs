using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>stats.md §5 tables D1 and D2, the seed 004 worked example and NeMo's §3.3 example.</summary>
public sealed class DescriptiveTableTests
{
    [Fact]
    public void D1_BinaryFiveRows_MatchesTable()
    {
        var a = Booleans(true, false, true, true, false);
        Assert.Equal(ScoreType.Binary, a.ScoreType);
        Assert.Equal(5, a.Count);
        Assert.Equal(0, a.NanCount);
        Near(3, a.Sum);
        Near(0.6, a.Mean);
        Near(0, a.Min);
        Near(1, a.Max);
        Near(0.24, a.Variance);
        Near(0.4898979485566356, a.StdDev);           // 0.489898
        Near(0.5477225575051661, a.SampleStdDev);     // 0.547723
        Near(0.24494897427831777, a.StdErr);          // SEM 0.244949
        Assert.Equal(3, a.PassCount);
        Near(0.6, a.PassRate);
        Near(0.230724281276013, a.CiLow);             // Wilson 3/5 [0.230724, 0.882379]
        Near(0.882379225767352, a.CiHigh);
        Assert.Equal("wilson", a.Method!.Interval);
        Near(1.9599639845400536, a.Method.Critical);
        Near(0, a.Percentiles!["p25"]);
        Near(1, a.Percentiles["p50"]);
        Near(1, a.Percentiles["p75"]);
        Near(0.21908902300206642, a.StdDev / Math.Sqrt(a.Count));      // SE_Bernoulli = SE0 0.219089
        var z = Intervals.Normal(a.Mean!.Value, a.StdErr!.Value);         // z·SEM [0.119909, 1.08009]: exceeds 1
        Near(0.1199088323644692, z.Low);
        Near(1.0800911676355307, z.High);
    }

    [Fact]
    public void D1_AsNumbers_IsStillAProportion_WithTheWilsonIntervalNotTheTInterval()
    {
        // Issue 11: 0/1 written as numbers keeps its type but is a proportion; the table's t interval (df = 4)
        // [−0.0800874, 1.28009] leaves [0, 1], so the aggregate takes Wilson (3/5) [0.230724, 0.882379] instead.
        var a = Numbers(1, 0, 1, 1, 0);
        Assert.Equal(ScoreType.Range, a.ScoreType);
        Near(0.6, a.PassRate);
        Assert.Equal("wilson", a.Method!.Interval);
        Near(0.23072428127601285, a.CiLow, 1e-7);
        Near(0.8823792257673521, a.CiHigh, 1e-7);
        var t = Intervals.T(0.6, a.StdErr!.Value, 4);
        Near(2.7764451051977934, t.Critical);           // t(df=4) 2.77645
        Near(-0.0800873806582556, t.Low);
        Near(1.2800873806582556, t.High);
    }

    [Fact]
    public void D2_ContinuousWithNaN_ExcludesNaNEverywhere()
    {
        var a = Numbers(0.2, 0.5, double.NaN, 0.9, 0.4, 0.7, 0.35);
        Assert.Equal(6, a.Count);
        Assert.Equal(1, a.NanCount);
        Assert.Equal(6, a.ItemCount);
        Near(3.05, a.Sum);
        Near(0.5083333333333333, a.Mean);
        Near(0.2, a.Min);
        Near(0.9, a.Max);
        Near(0.05368055555555556, a.Variance);        // 0.0536806
        Near(0.23169064624096405, a.StdDev);          // 0.231691
        Near(0.25380438661825105, a.SampleStdDev);    // 0.253804
        Near(0.10361520694913036, a.StdErr);          // 0.103615
        Near(0.24198196445420117, a.CiLow);           // t(df=5) [0.241982, 0.774685]
        Near(0.7746847022124654, a.CiHigh);
        Near(2.5705818356363146, a.Method!.Critical);
        Near(0.3625, a.Percentiles!["p25"]);          // numpy R7, not Math.NET's R8 0.3375 / 0.716667
        Near(0.45, a.Percentiles["p50"]);
        Near(0.65, a.Percentiles["p75"]);
        Near(0.09458731024434124, a.StdDev / Math.Sqrt(a.Count));      // SE0 0.0945873
        var z = Intervals.Normal(a.Mean!.Value, a.StdErr!.Value);         // z CI [0.305251, 0.711415]
        Near(0.3052512594623735, z.Low);
        Near(0.7114154072042931, z.High);
        Assert.Equal("excluded", a.Method.NanPolicy);
        Assert.Equal("linear", a.Method.PercentileMethod);
    }

    [Fact]
    public void D2_AllNinePercentileKeysAreNumpyLinear()
    {
        var a = Numbers(0.2, 0.5, double.NaN, 0.9, 0.4, 0.7, 0.35);
        // sorted 0.2 0.35 0.4 0.5 0.7 0.9; h = 5q.
        Assert.Equal(["p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"], a.Percentiles!.Keys);
        Near(0.2 + 0.05 * 0.15, a.Percentiles["p1"]);
        Near(0.2 + 0.25 * 0.15, a.Percentiles["p5"]);
        Near(0.8, a.Percentiles["p90"]);
        Near(0.7 + 0.95 * 0.2, a.Percentiles["p99"]);
    }

    [Theory]
    [InlineData(new[] { 0.0, 0, 1, 1, 1 }, 0.6, 0.4898979485566356)]   // exact-match
    [InlineData(new[] { 1.0, 1, 0, 1, 1 }, 0.8, 0.4)]                  // string-check
    public void Seed004_WorkedExample_UsesPopulationStd(double[] values, double mean, double stdDev)
    {
        var a = Numbers(values);
        Assert.Equal(5, a.Count);
        Near(mean, a.Mean);
        Near(stdDev, a.StdDev);
        Assert.Equal(Math.Round(stdDev, 2), Math.Round(a.StdDev!.Value, 2)); // the page prints 0.49 / 0.40
        Assert.Equal(0, a.Method!.VarianceDdof);
    }

    [Fact]
    public void NemoExample_AccuracyRangeScore()
    {
        var a = Numbers(0, 1, 1, 1);
        Assert.Equal(4, a.Count);
        Near(3, a.Sum);
        Near(0.75, a.Mean);
        Near(0.1875, a.Variance);
        Near(0.4330127018922193, a.StdDev);             // NeMo prints 0.433
        double[] deciles = [0, 0, 0.5, 1, 1, 1, 1, 1, 1, 1];
        Assert.Equal(["p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90", "p100"], a.Deciles!.Keys);
        Assert.Equal(deciles, a.Deciles.Values);
        var bins = a.Histogram!.Bins;
        Assert.Equal(10, bins.Count);
        Assert.Equal(new HistogramBin(0, 0.1, 1), bins[0]);
        Assert.Equal(new HistogramBin(0.9, 1, 3), bins[9]);
        Assert.All(bins.Skip(1).Take(8), bin => Assert.Equal(0, bin.Count));
    }

    [Fact]
    public void NemoExample_HelpfulnessRubricScore()
    {
        var declaration = new MetricDeclaration
        {
            Metric = "m",
            Rubric = [new RubricLevel("poor", 1), new RubricLevel("ok", 2), new RubricLevel("good", 3, "Helpful and correct")],
        };
        // Ingest maps labels to level values; a bare number equal to a level value counts for it too.
        var a = Build([ScoreValue.OfLabel("poor", 1), ScoreValue.OfLabel("good", 3), ScoreValue.OfLabel("good"), ScoreValue.Of(3)],
            declaration);
        Assert.Equal(ScoreType.Rubric, a.ScoreType);
        Assert.Equal(4, a.Count);
        Near(10, a.Sum);
        Near(2.5, a.Mean);
        Near(1, a.Min);
        Near(3, a.Max);
        Assert.Equal(
            [new RubricCount("poor", 1, 1), new RubricCount("ok", 2, 0), new RubricCount("good", 3, 3, "Helpful and correct")],
            a.RubricDistribution);
        Assert.Equal("good", a.ModeCategory);
        Assert.Null(a.Percentiles);
        Assert.Null(a.Deciles);
        Assert.Null(a.Histogram);
    }
}
