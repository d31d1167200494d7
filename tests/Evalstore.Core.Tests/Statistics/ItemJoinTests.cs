using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

public sealed class ItemJoinTests
{
    private static ItemScore S(string digest, long row, int trial, double value) =>
        new(digest, row, trial, double.IsNaN(value) ? ScoreValue.Nan : ScoreValue.Of(value));

    [Fact]
    public void Join_ReducesTrialsByMeanAndAlignsByDigest()
    {
        ItemScore[] a =
        [
            S("d2", 1, 1, 0), S("d1", 0, 0, 1), S("d2", 1, 0, 1), S("d3", 2, 0, 1), S("d1", 0, 1, double.NaN), S("dA", 3, 0, 1),
        ];
        ItemScore[] b =
        [
            S("d3", 0, 0, 0), S("d1", 1, 0, 0), S("d2", 2, 0, 1), S("d2", 2, 1, 1), S("dB", 5, 0, 0), S("dB2", 6, 0, 1),
        ];
        var joined = ItemJoin.Join(a, b);
        Assert.Equal(3, joined.Matched);
        Assert.Equal(["d1", "d2", "d3"], joined.Pairs.Select(p => p.Digest));   // A's row order
        Assert.Equal([1.0, 0.5, 1.0], joined.A.ToArray());                     // d1's NaN trial excluded; d2 mean of 1 and 0
        Assert.Equal([0.0, 1.0, 0.0], joined.B.ToArray());
        Assert.Equal(1, joined.OnlyInA);
        Assert.Equal(2, joined.OnlyInB);
        Assert.Equal(-1, joined.Pairs[0].Difference);
        Assert.Equal((0L, 1L), (joined.Pairs[0].RowIndexA, joined.Pairs[0].RowIndexB));
        Assert.Equal(["d1", "d3"], joined.PassedToFailed().Select(p => p.Digest));
        Assert.Empty(joined.FailedToPassed());                                    // d2's 0.5 already passes by majority
        Assert.Equal(["d2"], joined.FailedToPassed(threshold: 1).Select(p => p.Digest));
        Assert.Equal("d1", joined.ByChange().First().Digest);
    }

    [Fact]
    public void Join_ReportsDatasetDriftByRowIndex()
    {
        ItemScore[] a = [S("x0", 0, 0, 1), S("x1", 1, 0, 1), S("x2", 2, 0, 1), S("x3", 3, 0, 1)];
        ItemScore[] b = [S("x0", 0, 0, 1), S("y1", 1, 0, 1), S("x1", 2, 0, 1), S("y3", 3, 0, 0)];
        var joined = ItemJoin.Join(a, b, maxDriftExamples: 2);
        Assert.Equal(3, joined.DriftCount);
        Assert.Equal([new DriftExample(1, "x1", "y1"), new DriftExample(2, "x2", "x1")], joined.DriftExamples);
        Assert.Equal(2, joined.Matched);   // x0 and x1 (moved from row 1 to row 2 but the same content)
        Assert.Equal(2, joined.OnlyInA);
        Assert.Equal(2, joined.OnlyInB);
    }

    [Fact]
    public void Join_DropsDigestsThatOneSideNeverScored()
    {
        var joined = ItemJoin.Join([S("d", 0, 0, double.NaN), S("e", 1, 0, 1)], [S("d", 0, 0, 1), S("e", 1, 0, 1)]);
        Assert.Equal(1, joined.Matched);
        Assert.Equal(1, joined.MatchedWithoutValues);
        Assert.Equal(0, joined.DriftCount);
    }

    [Fact]
    public void JoinedArrays_FeedTheComparison()
    {
        var a = Enumerable.Range(0, 50).Select(i => S($"r{i}", i, 0, i % 2));
        var b = Enumerable.Range(0, 50).Select(i => S($"r{i}", i, 0, 1));
        var joined = ItemJoin.Join(a, b);
        var c = PairedComparison.Compare(joined.A, joined.B, ScoreType.Binary);
        Assert.Equal(50, c.N);
        Assert.Equal(25, c.McNemar!.C);
        Assert.Equal(Verdict.Better, c.Verdict);
    }
}
