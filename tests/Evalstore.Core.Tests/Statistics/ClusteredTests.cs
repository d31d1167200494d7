using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using static Evalstore.Core.Tests.Statistics.Scores;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>stats.md D4: 9 rows in 3 clusters c1 = [1,1,1,0], c2 = [0,0,0], c3 = [1,1].</summary>
public sealed class ClusteredTests
{
    private static readonly double[] s_values = [1, 1, 1, 0, 0, 0, 0, 1, 1];
    private static readonly string?[] s_clusters = ["c1", "c1", "c1", "c1", "c2", "c2", "c2", "c3", "c3"];

    [Fact]
    public void D4_AllVariantsMatchTable()
    {
        var c = ClusteredStdErr.Compute(s_values, s_clusters);
        Assert.Equal(3, c.ClusterCount);
        Assert.Equal(9, c.ItemCount);
        Assert.Equal("miller-appendix-a", c.Method);
        Near(0.22697254704753378, c.StdErr);           // 0.226973
        Near(0.2779834629431531, c.InspectStdErr);     // 0.277983
        Near(0.23440540180305586, c.MainTextStdErr);   // 0.234405
        Near(0.17568209223157663, c.NaiveStdErr);      // 0.175682
        Near(1.5823096105704797, c.InspectRatio);      // 1.58×
        Near(0.22697254704753378 / 0.17568209223157663, c.Ratio);
        Near(-0.6405107501020098, c.CiLow);            // t(df=2)·inspect [−0.640511, 1.75162]
        Near(1.751621861213121, c.CiHigh);
        Near(4.302652729749459, c.Critical);
        Near(0.23440540180305586, ClusteredStdErr.MainText(s_values, s_clusters));
        Near(4.17283950617284, Math.Pow(c.StdErr * 9, 2));              // Σ_c (Σ e)² = (n·SE)²: 4.17284
        Near(1.950617283950618, Math.Pow(c.StdErr * 9, 2) - Math.Pow(c.NaiveStdErr!.Value, 2) * 9 * 8);   // cross terms 1.95062
        var z = Intervals.Normal(5.0 / 9, c.StdErr);                      // z·App. A [0.110698, 1.00041]
        Near(0.11069753786306652, z.Low);
        Near(1.0004135732480446, z.High);
    }

    [Fact]
    public void D4_ThroughTheAccumulator()
    {
        var items = s_values.Select(v => new[] { ScoreValue.Of(v) });
        var a = Trials(items, clusters: s_clusters);
        Near(0.5555555555555556, a.Mean);
        Near(0.17568209223157663, a.StdErr);
        Assert.NotNull(a.Clustered);
        Near(0.22697254704753378, a.Clustered.StdErr);
        Near(0.2779834629431531, a.Clustered.InspectStdErr);
        Assert.Equal(3, a.Clustered.ClusterCount);
    }

    [Fact]
    public void WithoutClusters_ClusteredIsNull()
    {
        Assert.Null(Numbers(1, 0, 1).Clustered);
    }

    [Fact]
    public void SingletonClusters_ReduceAppendixAToTheDdof0Error()
    {
        double[] values = [1, 0, 1, 1, 0];
        var c = ClusteredStdErr.Compute(values, [null, null, null, null, null]);
        Assert.Equal(5, c.ClusterCount);
        Near(0.21908902300206645, c.StdErr);   // SE0 of D1 = sqrt(0.24 / 5)
        Near(0.24494897427831777, c.MainTextStdErr!.Value); // main text with no cross terms is the SEM
    }

    [Fact]
    public void OneCluster_HasNoInspectVariant()
    {
        var c = ClusteredStdErr.Compute([1.0, 0, 1], ["a", "a", "a"]);
        Assert.Equal(1, c.ClusterCount);
        Near(0, c.StdErr);
        Assert.Null(c.InspectStdErr);
        Assert.Null(c.CiLow);
    }
}
