using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

public sealed class IntervalTests
{
    [Theory]
    [InlineData(3, 0.230724281276013, 0.882379225767352)]
    [InlineData(4, 0.37553462976252544, 0.9637758913675698)]
    [InlineData(5, 0.5655175352168254, 1.0)]
    [InlineData(0, 0.0, 0.43448246478317465)]
    public void Wilson_MatchesTableD1(int passes, double low, double high)
    {
        var interval = Intervals.Wilson(passes / 5.0, 5);
        Assert.Equal(low, interval.Low, 1e-9);
        Assert.Equal(high, interval.High, 1e-9);
        Assert.InRange(interval.Low, 0, 1);
        Assert.InRange(interval.High, 0, 1);
    }

    [Theory]
    [InlineData(2, 4.302652729749459)]
    [InlineData(4, 2.7764451051977934)]
    [InlineData(5, 2.5705818356363146)]
    [InlineData(9, 2.2621571627982027)]
    [InlineData(29, 2.045229642132706)]
    public void StudentTCritical_MatchesClosedFormQuantiles(int df, double expected)
    {
        Assert.Equal(expected, Critical.StudentT(df), 1e-10);
        Assert.Equal(-expected, Critical.StudentTQuantile(0.025, df), 1e-10);
    }

    [Fact]
    public void NormalCritical_IsTheExactQuantile()
    {
        Assert.Equal(1.9599639845400536, Critical.Normal(), 1e-12);
        Assert.Equal(0.8416212335729143, Critical.NormalQuantile(0.8), 1e-12);
    }

    [Fact]
    public void Mean_SwitchesFromTToNormalAtThirtyItems()
    {
        var small = Intervals.Mean(0.5, 0.1, 29);
        var large = Intervals.Mean(0.5, 0.1, 30);
        Assert.Equal("t", small.Kind);
        Assert.Equal(28, small.DegreesOfFreedom);
        Assert.Equal("normal", large.Kind);
        Assert.Null(large.DegreesOfFreedom);
        Assert.Equal(0.5 - 1.9599639845400536 * 0.1, large.Low, 1e-12);
    }

    [Theory]
    [InlineData(1, 5, 0.375)]     // McNemar exact with b = 4, c = 1
    [InlineData(2, 10, 0.109375)] // sign test +8 / −2
    [InlineData(0, 0, 1.0)]
    [InlineData(5, 10, 1.0)]
    public void BinomialHalfTwoSided_IsExact(long k, long n, double p)
    {
        Assert.Equal(p, Critical.BinomialHalfTwoSidedP(k, n), 1e-12);
        Assert.Equal(p, Critical.BinomialHalfTwoSidedP(n - k, n), 1e-12);
    }
}
