using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

public sealed class HistogramTests
{
    [Fact]
    public void NoValues_GivesNoBins()
    {
        Assert.Empty(Histograms.Build([]).Bins);
        var a = Numbers(double.NaN, double.NaN);
        Assert.Equal(0, a.Count);
        Assert.Equal(2, a.NanCount);
        Assert.Empty(a.Histogram!.Bins);
        Assert.Null(a.Mean);
        Assert.Null(a.Sum);
        Assert.Null(a.StdDev);
        Assert.Null(a.Percentiles);
        Assert.Null(a.StdErr);
        Assert.Null(a.CiLow);
    }

    [Fact]
    public void EqualValues_GiveOneBinWithEveryValue()
    {
        var bins = Histograms.Build([0.7, 0.7, 0.7]).Bins;
        Assert.Equal([new HistogramBin(0.7, 0.7, 3)], bins);
    }

    [Fact]
    public void CorpusLevelMetric_IsOneValueWithZeroSpread()
    {
        var a = Numbers(0.42);
        Assert.Equal(1, a.Count);
        Near(0, a.StdDev);
        Assert.Null(a.SampleStdDev);
        Assert.All(a.Deciles!.Values, v => Assert.Equal(0.42, v));
        Assert.Equal([new HistogramBin(0.42, 0.42, 1)], a.Histogram!.Bins);
        Assert.Null(a.StdErr);   // n < 2: no standard error and no interval
        Assert.Null(a.CiLow);
        Assert.Null(a.CiHigh);
    }

    [Fact]
    public void ValueOnAnEdge_LandsInTheBinItOpens()
    {
        // Width 0.2: floor(0.6 / 0.2) = floor(2.9999999999999996) = 2 would put 0.6 in [0.4, 0.6).
        var bins = Histograms.Build([0.0, 0.6, 1.0], binCount: 5).Bins;
        Assert.Equal(0.6, bins[3].LowerBound);
        Assert.Equal(0.6, bins[2].UpperBound);
        Assert.Equal([1L, 0, 0, 1, 1], bins.Select(b => b.Count));
    }

    [Fact]
    public void EveryValueLiesInsideItsBinsStoredBounds()
    {
        double[] values = [.. Enumerable.Range(0, 101).Select(i => i / 100.0)];
        var bins = Histograms.Build(values).Bins;
        Assert.Equal(101, bins.Sum(b => b.Count));
        foreach (var v in values)
        {
            var holders =
                bins.Where((b, i) => b.LowerBound <= v && (v < b.UpperBound || (i == bins.Count - 1 && v <= b.UpperBound))).ToList();
            Assert.Single(holders);
        }
        // Each decile edge value opens its bin: 0.0–0.09 in the first, 0.9–1.0 (closed) in the last.
        Assert.Equal(10, bins[0].Count);
        Assert.Equal(11, bins[9].Count);
    }

    [Fact]
    public void D2_FiveBinsOnUnitRange_MatchTable()
    {
        double[] sorted = [0.2, 0.35, 0.4, 0.5, 0.7, 0.9];
        var bins = Histograms.Build(sorted, 5, 0, 1).Bins;
        Assert.Equal([0L, 2, 2, 1, 1], bins.Select(b => b.Count));
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8], bins.Select(b => b.LowerBound));
    }

    [Fact]
    public void FixedRange_LeavesOutValuesOutsideAndClosesTheLastBin()
    {
        double[] sorted = [-0.5, 0, 0.5, 1, 1.5];
        var bins = Histograms.Build(sorted, 2, 0, 1).Bins;
        Assert.Equal([1L, 2], bins.Select(b => b.Count));
    }

    [Fact]
    public void MaximumGoesToTheClosedLastBin()
    {
        var bins = Histograms.Build([1.0, 2.0]).Bins;
        Assert.Equal(1, bins[0].Count);
        Assert.Equal(1, bins[9].Count);
        Assert.Equal(2.0, bins[9].UpperBound);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void BuildUnsorted_GivesTheBinsOfTheSortedBuild(int seed)
    {
        var random = new Random(seed);
        // Decimal steps put many values exactly on edges; a few repeats and negative values besides.
        double[] values = [.. Enumerable.Range(0, 2000).Select(_ => random.Next(-50, 51) / 10.0), -5.0, 5.0, 0.6, 0.6];
        double[] sorted = [.. values.Order()];
        foreach (var bins in new[] { 1, 3, 10 })
        {
            Assert.Equal(Histograms.Build(sorted, bins).Bins, Histograms.BuildUnsorted(values, bins).Bins);
        }
        Assert.Empty(Histograms.BuildUnsorted([]).Bins);
        Assert.Equal(Histograms.Build([0.7, 0.7]).Bins, Histograms.BuildUnsorted([0.7, 0.7]).Bins);
    }
}
