using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>stats.md D5: K = 4 trials per question, q1 = [1,0,1,1], q2 = [0,0,0,1], q3 = [1,1,1,1].</summary>
public sealed class TrialTests
{
    private static ScoreAggregate D5() => Trials(
        new[] { new[] { true, false, true, true }, [false, false, false, true], [true, true, true, true] }
            .Select(q => q.Select(ScoreValue.Of).ToArray()));

    [Fact]
    public void D5_StandardErrorIsOverQuestionsNotTrials()
    {
        var a = D5();
        Assert.Equal(ScoreType.Binary, a.ScoreType);
        Assert.Equal(12, a.Count);
        Assert.Equal(3, a.ItemCount);
        Near(0.6666666666666666, a.ItemMean);
        Near(0.22047927592204924, a.StdErr);            // 0.220479 over n = 3 questions
        Near(0.1421338109037403, a.Trials!.NaiveTrialStdErr); // 0.142134 over 12 trials: too small
        // Issue 11: with trials, a t interval over the item means (df = 2: [−0.282, 1.615]), clipped to a proportion's [0, 1].
        Assert.Equal("t", a.Method!.Interval);
        Assert.Equal((0.0, 1.0), (a.CiLow!.Value, a.CiHigh!.Value));
    }

    [Fact]
    public void D5_PassAtKAndPassHatK()
    {
        var t = D5().Trials!;
        Assert.Equal(4, t.MaxTrials);
        Assert.Equal(4, t.MinTrials);
        Assert.Equal([1, 2, 3, 4], t.PassAtK!.Select(k => k.K));
        Near(0.6666666666666666, t.PassAtK![0].Value);
        Near(0.8333333333333334, t.PassAtK[1].Value);   // pass@2: 1, 0.5, 1
        Near(0.9166666666666666, t.PassAtK[2].Value);   // pass@3: 1, 0.75, 1
        Near(1, t.PassAtK[3].Value);
        Near(0.5, t.PassHatK![1].Value);                // pass^2: 0.5, 0, 1
        Near(0.4166666666666667, t.PassHatK[2].Value);  // pass^3: 0.25, 0, 1
        Near(1.0 / 3, t.PassHatK[3].Value);
        Assert.All(t.PassAtK, k => Assert.Equal(3, k.Items));
    }

    [Fact]
    public void D5_Reducers()
    {
        var r = D5().Trials!.Reducers;
        Near(0.6666666666666666, r.Mean);
        Near(1, r.Max);
        Near(0.6666666666666666, r.Mode);               // modes 1, 0, 1
        Near(0.6666666666666666, r.AtLeastK![1].Value); // at_least_2: 1, 0, 1
        Near(1, r.AtLeastK[0].Value);
        Near(1.0 / 3, r.AtLeastK[3].Value);
    }

    [Fact]
    public void D5_VarianceSplit()
    {
        var v = D5().Trials!.Variance!;
        Near(0.14583333333333334, v.ItemMeanVariance);
        Near(1.0 / 6, v.WithinVariance);                // sample variances 0.25, 0.25, 0
        Near(1.0 / 24, v.WithinTerm);                   // E[σ²]/K with K = 4
        Near(0.14583333333333334 - 1.0 / 24, v.BetweenVariance);
    }

    [Theory]
    [InlineData(4, 3, 2, 1.0)]
    [InlineData(4, 1, 2, 0.5)]
    [InlineData(4, 1, 3, 0.75)]
    [InlineData(5, 0, 1, 0.0)]
    [InlineData(10, 3, 1, 0.3)]
    public void PassAtK_IsChensEstimator(int n, int c, int k, double expected)
    {
        Assert.Equal(expected, TrialEstimators.PassAtK(n, c, k), 1e-12);
        // Cross-check against 1 − C(n−c, k)/C(n, k) directly.
        Assert.Equal(1 - Choose(n - c, k) / Choose(n, k), TrialEstimators.PassAtK(n, c, k), 1e-12);
    }

    [Theory]
    [InlineData(4, 3, 2, 0.5)]
    [InlineData(4, 3, 3, 0.25)]
    [InlineData(4, 1, 2, 0.0)]
    public void PassHatK_IsCcOverCn(int n, int c, int k, double expected)
    {
        Assert.Equal(expected, TrialEstimators.PassHatK(n, c, k), 1e-12);
    }

    [Fact]
    public void OneTrialPerItem_HasNoTrialSummary()
    {
        Assert.Null(Numbers(1, 0, 1).Trials);
    }

    [Fact]
    public void NaNTrials_AreSkippedAndPassAtKOnlyCountsItemsWithKScoredTrials()
    {
        var a = Trials(
        [
            [ScoreValue.Of(true), ScoreValue.Nan, ScoreValue.Of(false)],
            [ScoreValue.Of(true)],
            [ScoreValue.Nan],
        ]);
        Assert.Equal(3, a.Count);
        Assert.Equal(2, a.NanCount);
        Assert.Equal(2, a.ItemCount);                   // the all-NaN item has no value
        Near(0.75, a.ItemMean);
        Near(2.0 / 3, a.Mean);
        var t = a.Trials!;
        Assert.Equal(2, t.MaxTrials);
        Assert.Equal(1, t.MinTrials);
        Assert.Equal(1, t.PassAtK![1].Items);
        Near(1, t.PassAtK[1].Value);                    // pass@2 of (2 trials, 1 pass) = 1
        Assert.Equal(2, t.PassAtK[0].Items);
    }

    [Fact]
    public void ModeTies_GoToTheValueSeenFirst()
    {
        var a = Trials([[ScoreValue.Of(0.5), ScoreValue.Of(1), ScoreValue.Of(1), ScoreValue.Of(0.5)]]);
        Near(0.5, a.Trials!.Reducers.Mode);
        var many = Enumerable.Range(0, 40).Select(i => ScoreValue.Of(i % 2 == 0 ? 0.25 : 0.75)).ToArray();
        Near(0.25, Trials([many]).Trials!.Reducers.Mode);   // dictionary path above 32 trials, same rule
    }

    [Fact]
    public void KIsCappedAtTen()
    {
        var item = Enumerable.Range(0, 15).Select(i => ScoreValue.Of(i % 3 == 0)).ToArray();
        var t = Trials([item, item]).Trials!;
        Assert.Equal(15, t.MaxTrials);
        Assert.Equal(10, t.PassAtK!.Count);
        Assert.Equal(10, t.Reducers.AtLeastK!.Count);
    }

    private static double Choose(int n, int k)
    {
        if (k > n)
        {
            return 0;
        }
        var r = 1.0;
        for (var i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
