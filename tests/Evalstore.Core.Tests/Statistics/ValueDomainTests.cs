using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>
/// Issue 11: the value domain, not only the declared type, picks the statistics, and no interval leaves the score's
/// possible range. Expected figures are Wilson / t computations in Python (z = 1.959964).
/// </summary>
public sealed class ValueDomainTests
{
    [Fact]
    public void ReadmeSnippet_ZeroOneFloats_AreAProportionWithAWilsonInterval()
    {
        // The README's float(a == o) over three rows: 1.0, 0.0, 1.0. The old t interval was [−0.7675, 2.1009].
        var a = Numbers(1.0, 0.0, 1.0);
        Assert.Equal(ScoreType.Range, a.ScoreType);          // the type stays what the values were written as
        Assert.Equal(ValueDomain.Proportion, a.Domain);
        Assert.Equal(ScoreBounds.Unit, a.Bounds);
        Near(2.0 / 3, a.Mean);
        Near(2.0 / 3, a.PassRate);
        Assert.Equal(2, a.PassCount);
        Assert.Equal(0.208, Math.Round(a.CiLow!.Value, 3));
        Assert.Equal(0.939, Math.Round(a.CiHigh!.Value, 3));
        Near(0.20765960080204768, a.CiLow, 1e-7);
        Near(0.9385080552796037, a.CiHigh, 1e-7);
        Assert.Equal("wilson", a.Method!.Interval);
        Assert.StartsWith("wilson", a.Method.Bounding, StringComparison.Ordinal);
        Assert.Equal(1.0, a.Method.PassThreshold);
    }

    [Fact]
    public void SeventeenOfTwenty_IsNoLonger0Point85Within0Point679To1Point021()
    {
        var a = Numbers([.. Enumerable.Range(0, 20).Select(i => i < 17 ? 1.0 : 0.0)]);
        Near(0.85, a.Mean);
        Near(0.639581135259243, a.CiLow, 1e-7);
        Near(0.9476312541037835, a.CiHigh, 1e-7);
    }

    [Fact]
    public void D1_ZeroOneNumbersAndBooleansGiveTheSameWilsonInterval()
    {
        var numbers = Numbers(1, 0, 1, 1, 0);
        var booleans = Booleans(true, false, true, true, false);
        Assert.Equal(ScoreType.Binary, booleans.ScoreType);
        foreach (var a in new[] { numbers, booleans })
        {
            Assert.Equal(ValueDomain.Proportion, a.Domain);
            Near(0.230724, a.CiLow, 1e-6);                 // D1: Wilson 95% (3/5) [0.230724, 0.882379]
            Near(0.882379, a.CiHigh, 1e-6);
            Near(0.6, a.PassRate);
        }
    }

    [Fact]
    public void ProportionWithTrials_TakesTheTIntervalOverItemMeans_ClippedToZeroOne()
    {
        // D5: q1 = [1,0,1,1], q2 = [0,0,0,1], q3 = [1,1,1,1]: item means 0.75, 0.25, 1; SE over questions 0.220479;
        // t(df = 2) = 4.30265 gives [−0.2820, 1.6153], which a proportion cannot take: clipped to [0, 1].
        var a = Trials([[.. new double[] { 1, 0, 1, 1 }.Select(ScoreValue.Of)], [.. new double[] { 0, 0, 0, 1 }.Select(ScoreValue.Of)],
            [.. new double[] { 1, 1, 1, 1 }.Select(ScoreValue.Of)]]);
        Assert.Equal(ValueDomain.Proportion, a.Domain);
        Near(0.220479, a.StdErr, 1e-6);
        Assert.Equal("t", a.Method!.Interval);
        Assert.Equal(0, a.CiLow);
        Assert.Equal(1, a.CiHigh);
        Assert.Equal("clipped to a proportion's range [0, 1]", a.Method.Bounding);
        Assert.NotNull(a.Trials!.PassAtK);                 // pass@k: only for proportions
    }

    [Fact]
    public void ClusteredProportion_TakesTheClusteredInterval_Clipped()
    {
        // D4: t(df = C − 1 = 2)·inspect SE gives [−0.640511, 1.75162]; clipped to [0, 1], the clustered block too.
        double[] values = [1, 1, 1, 0, 0, 0, 0, 1, 1];
        string?[] clusters = ["c1", "c1", "c1", "c1", "c2", "c2", "c2", "c3", "c3"];
        var a = Trials(values.Select(v => new[] { ScoreValue.Of(v) }), clusters: clusters);
        Assert.Equal("clustered-t", a.Method!.Interval);
        Near(4.302652729749459, a.Method.Critical);
        Assert.Equal(2, a.Method.DegreesOfFreedom);
        Assert.Equal((0.0, 1.0), (a.CiLow!.Value, a.CiHigh!.Value));
        Assert.Equal((0.0, 1.0), (a.Clustered!.CiLow!.Value, a.Clustered.CiHigh!.Value));
    }

    [Fact]
    public void RangeScoreWithDeclaredBounds_IsClippedToThem_AndSaysSo()
    {
        var declaration = new MetricDeclaration { Metric = "m", Min = 0, Max = 10 };
        var a = Build(new double[] { 10, 10, 9.5, 10 }.Select(ScoreValue.Of), declaration);
        Assert.Equal(ValueDomain.Bounded, a.Domain);
        Assert.Equal(new ScoreBounds(0, 10), a.Bounds);
        Assert.Equal(10, a.CiHigh);                        // t interval 9.875 ± 3.18·0.125 would end at 10.27
        Assert.True(a.CiLow < 9.875);
        Assert.Equal("clipped to the declared range [0, 10]", a.Method!.Bounding);
        Assert.Null(a.PassRate);
    }

    [Fact]
    public void UnboundedRange_KeepsItsTInterval_AndGetsNoPassStatistics()
    {
        // D2: t(df = 5) [0.241982, 0.774685], no pass rate, no pass@k.
        var a = Numbers(0.2, 0.5, double.NaN, 0.9, 0.4, 0.7, 0.35);
        Assert.Equal(ValueDomain.Unbounded, a.Domain);
        Assert.Null(a.Bounds);
        Near(0.241982, a.CiLow, 1e-6);
        Near(0.774685, a.CiHigh, 1e-6);
        Assert.Null(a.PassRate);
        Assert.StartsWith("none", a.Method!.Bounding, StringComparison.Ordinal);
        var trials = Trials([[ScoreValue.Of(0.5), ScoreValue.Of(0.7)], [ScoreValue.Of(0.2), ScoreValue.Of(1.0)]]);
        Assert.Null(trials.Trials!.PassAtK);
        Assert.Null(trials.Trials.PassHatK);
    }

    [Fact]
    public void Rubric_IsBoundedByItsLevelValues()
    {
        var declaration = new MetricDeclaration
        {
            Metric = "m", Type = ScoreType.Rubric, Rubric = [new("bad", 0), new("ok", 0.5), new("good", 1)],
        };
        var a = Build([ScoreValue.OfLabel("good"), ScoreValue.OfLabel("good"), ScoreValue.OfLabel("ok")], declaration);
        Assert.Equal(ValueDomain.Bounded, a.Domain);
        Assert.Equal(new ScoreBounds(0, 1), a.Bounds);
        Assert.True(a.CiHigh <= 1);
        Assert.Equal("clipped to the rubric levels' range [0, 1]", a.Method!.Bounding);
    }

    [Fact]
    public void PairedZeroOneFloats_AreComparedByMcNemar_D3a()
    {
        double[] a = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
        double[] b = [1, 1, 1, 0, 0, 0, 0, 1, 0, 0];
        var c = PairedComparison.Compare(a, b, ScoreType.Range);
        Assert.Equal(ValueDomain.Proportion, c.Domain);
        Assert.Equal(SignificanceTest.McNemarExact, c.VerdictTest);
        Assert.Equal((4L, 1L), (c.McNemar!.B, c.McNemar.C));
        Assert.Equal(0.375, c.McNemar.P, 1e-15);
        Assert.Null(c.PairedT);
    }

    [Fact]
    public void FourLossesInTwentyItems_AreNotAnExactMcNemarRegression()
    {
        // Issue 11: 0 wins and 4 losses on 20 items; the paired t test said "worse" at p = 0.042, exact McNemar gives 0.125.
        var a = Enumerable.Range(0, 20).Select(i => i < 14 ? 1.0 : 0.0).ToArray();
        var b = Enumerable.Range(0, 20).Select(i => i < 10 ? 1.0 : 0.0).ToArray();
        var c = PairedComparison.Compare(a, b, ScoreType.Range);
        Assert.Equal((0L, 4L), (c.Wins, c.Losses));
        Assert.Equal(SignificanceTest.McNemarExact, c.VerdictTest);
        Assert.Equal(0.125, c.VerdictP!.Value, 1e-15);
        Assert.NotEqual(Verdict.Worse, c.Verdict);
    }

    [Fact]
    public void TrialMeans_AreComparedByThePairedTTest()
    {
        double[] a = [1, 0.5, 0, 1, 0.5];
        double[] b = [1, 1, 0.5, 1, 0];
        var c = PairedComparison.Compare(a, b, ScoreType.Binary, bootstrapIterations: 0);
        Assert.Equal(SignificanceTest.PairedT, c.VerdictTest);
        Assert.Null(c.McNemar);
    }
}
