using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

public sealed class MultipleTestingTests
{
    // Hand-computed: sorted 0.005, 0.01, 0.03, 0.04 (m = 4).
    // Holm: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
    // BH:   4/1·0.005 = 0.02, 4/2·0.01 = 0.02, 4/3·0.03 = 0.04, 4/4·0.04 = 0.04 (running min from the top).
    private static readonly double[] s_p = [0.01, 0.04, 0.03, 0.005];

    [Fact]
    public void Holm_MatchesHandComputedExampleInInputOrder()
    {
        var adjusted = Holm.Adjust(s_p);
        double[] expected = [0.03, 0.06, 0.06, 0.02];
        Assert.Equal(expected.Length, adjusted.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-12);
        }
    }

    [Fact]
    public void BenjaminiHochberg_MatchesHandComputedExampleInInputOrder()
    {
        var adjusted = BenjaminiHochberg.Adjust(s_p);
        double[] expected = [0.02, 0.04, 0.04, 0.02];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-12);
        }
    }

    [Fact]
    public void Adjustments_CapAtOneAndKeepOrderAndNeverShrinkP()
    {
        double[] p = [0.9, 0.5, 0.04, 0.2, 0.04];
        foreach (var adjusted in new[] { Holm.Adjust(p), BenjaminiHochberg.Adjust(p) })
        {
            for (var i = 0; i < p.Length; i++)
            {
                Assert.InRange(adjusted[i], p[i], 1);
                for (var j = 0; j < p.Length; j++)
                {
                    if (p[i] < p[j])
                    {
                        Assert.True(adjusted[i] <= adjusted[j]);
                    }
                }
            }
        }
        Assert.Equal(1, Holm.Adjust(p)[0]);
        Assert.Equal(Holm.Adjust(p)[2], Holm.Adjust(p)[4]);   // equal raw p, equal adjusted p
    }

    [Fact]
    public void EmptyAndInvalidInput()
    {
        Assert.Empty(Holm.Adjust([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Holm.Adjust([0.5, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Adjust([1.5]));
    }
}
