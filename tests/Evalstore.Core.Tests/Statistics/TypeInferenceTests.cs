using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

public sealed class TypeInferenceTests
{
    [Fact]
    public void MixedBooleansAndNumbers_AreRangeWithBooleansAsOneAndZero()
    {
        var a = Build([ScoreValue.Of(true), ScoreValue.Of(0.5), ScoreValue.Of(false)], null);
        Assert.Equal(ScoreType.Range, a.ScoreType);
        Near(0.5, a.Mean);
        Assert.Null(a.PassRate);
    }

    [Fact]
    public void DeclaredTypeWins_OverInference()
    {
        var declaration = new MetricDeclaration { Metric = "m", Type = ScoreType.Binary, HigherIsBetter = false };
        var a = Build([ScoreValue.Of(1), ScoreValue.Of(0), ScoreValue.Of(1), ScoreValue.Of(1)], declaration);
        Assert.Equal(ScoreType.Binary, a.ScoreType);
        Assert.Equal(3, a.PassCount);
        Near(0.75, a.PassRate);
        Assert.False(a.HigherIsBetter);
        Assert.Equal(1.0, a.Method!.PassThreshold);
    }

    [Fact]
    public void HigherIsBetter_DefaultsToTrue()
    {
        Assert.True(Numbers(1, 2).HigherIsBetter);
    }

    [Fact]
    public void AnyLabel_MakesTextWithCountsAndModeOnly()
    {
        var a = Build(
            [ScoreValue.OfLabel("yes"), ScoreValue.OfLabel("no"), ScoreValue.Of(0.5), ScoreValue.OfLabel("yes"), ScoreValue.OfLabel("no"),
             ScoreValue.OfLabel("maybe"), ScoreValue.Nan],
            null);
        Assert.Equal(ScoreType.Text, a.ScoreType);
        Assert.Equal(6, a.Count);
        Assert.Equal(1, a.NanCount);
        Assert.Equal(6, a.ItemCount);
        // Count descending, then ordinal label; numbers count under their text.
        Assert.Equal(["no", "yes", "0.5", "maybe"], a.RubricDistribution!.Select(c => c.Label));
        Assert.Equal([2L, 2, 1, 1], a.RubricDistribution!.Select(c => c.Count));
        Assert.Equal("no", a.ModeCategory);
        Assert.Null(a.Mean);
        Assert.Null(a.Percentiles);
        Assert.Null(a.Histogram);
        Assert.Null(a.StdErr);
        Assert.Equal(ScoreAccumulator.TextDistributionLimit, a.Method!.DistributionLimit);
        Assert.Equal(4, a.Method.DistinctLabels);
    }

    [Fact]
    public void TextDistribution_IsCappedAtTwentyLabels()
    {
        var values = Enumerable.Range(0, 30).SelectMany(i => Enumerable.Repeat(ScoreValue.OfLabel($"label{i:D2}"), i + 1));
        var a = Build(values, null);
        Assert.Equal(20, a.RubricDistribution!.Count);
        Assert.Equal("label29", a.ModeCategory);
        Assert.Equal(30, a.RubricDistribution[0].Count);
        Assert.Equal(30, a.Method!.DistinctLabels);
        Assert.Equal(Enumerable.Range(1, 30).Sum(), a.Count);
    }

    [Fact]
    public void RubricModeTie_GoesToOrdinalFirstLabel()
    {
        var declaration = new MetricDeclaration
        {
            Metric = "m",
            Rubric = [new RubricLevel("poor", 1), new RubricLevel("good", 3), new RubricLevel("Great", 4)],
        };
        var a = Build([ScoreValue.OfLabel("poor", 1), ScoreValue.OfLabel("good", 3), ScoreValue.OfLabel("Great", 4)], declaration);
        Assert.Equal("Great", a.ModeCategory);   // ordinal: 'G' (0x47) sorts before 'g' and 'p'
    }

    [Fact]
    public void RubricLabelWithoutLevelOrNumber_CountsAsNaN()
    {
        var declaration = new MetricDeclaration { Metric = "m", Rubric = [new RubricLevel("bad", 0), new RubricLevel("good", 1)] };
        var a = Build([ScoreValue.OfLabel("good"), ScoreValue.OfLabel("unknown"), ScoreValue.Of(0)], declaration);
        Assert.Equal(2, a.Count);
        Assert.Equal(1, a.NanCount);
        Near(0.5, a.Mean);
        Assert.Equal([1L, 1], a.RubricDistribution!.Select(c => c.Count));
        Assert.Null(a.Percentiles);
    }

    [Fact]
    public void InfiniteValues_CountAsNaN()
    {
        var a = Numbers(1, double.PositiveInfinity, 3, double.NegativeInfinity);
        Assert.Equal(2, a.Count);
        Assert.Equal(2, a.NanCount);
        Near(2, a.Mean);
    }

    [Fact]
    public void ItemsOutOfOrder_AreRejected()
    {
        var accumulator = new ScoreAccumulator("m", "s", null);
        accumulator.Add(5, ScoreValue.Of(1));
        var error = Assert.Throws<InvalidOperationException>(() => accumulator.Add(4, ScoreValue.Of(1)));
        Assert.Contains("ascending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_IsFinalAndRepeatable()
    {
        var accumulator = new ScoreAccumulator("m", "s", null);
        accumulator.Add(0, ScoreValue.Of(1));
        var first = accumulator.Build();
        Assert.Same(first, accumulator.Build());
        Assert.Throws<InvalidOperationException>(() => accumulator.Add(1, ScoreValue.Of(1)));
    }

    [Fact]
    public void LargeResult_HasExactCountsAndOrderStatistics()
    {
        // 1M values 0..999999 (shuffled within items of 4 trials): checks the pooled buffers grow and sort correctly.
        var accumulator = new ScoreAccumulator("m", "s", null);
        const int n = 1_000_000;
        for (var i = 0; i < n; i++)
        {
            var v = (i * 7919L) % n;   // a permutation of 0..n−1, since 7919 is prime and coprime with n
            accumulator.Add(i / 4, ScoreValue.Of(v));
        }
        var a = accumulator.Build();
        Assert.Equal(n, a.Count);
        Assert.Equal(n / 4, a.ItemCount);
        Near((n - 1) / 2.0, a.Mean, 1e-6);
        Near(((double)n * n - 1) / 12, a.Variance, 1e-12 * n * n);
        Near(499999.5, a.Percentiles!["p50"], 1e-6);
        Near(n - 1, a.Deciles!["p100"]);
        Assert.All(a.Histogram!.Bins, b => Assert.Equal(n / 10, b.Count));
    }
}
