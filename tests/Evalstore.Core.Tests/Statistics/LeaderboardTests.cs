using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

public sealed class LeaderboardTests
{
    [Fact]
    public void Rank_GroupsModelsWhoseIntervalsOverlapTheGroupLeader()
    {
        LeaderboardEntry[] entries =
        [
            new("c", 0.70, 0.66, 0.74),
            new("a", 0.80, 0.75, 0.85),
            new("b", 0.76, 0.72, 0.80),   // overlaps a
            new("d", 0.73, 0.71, 0.75),   // overlaps b, and a only at 0.75: joins a's group
            new("e", 0.50, 0.45, 0.55),
        ];
        var ranked = Leaderboard.Rank(entries);
        Assert.Equal(["a", "b", "d", "c", "e"], ranked.Select(r => r.Entry.Model));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(r => r.Position));
        Assert.Equal([1, 1, 1, 4, 5], ranked.Select(r => r.Rank));
        Assert.Equal([1, 1, 1, 2, 3], ranked.Select(r => r.TieGroup));
        Assert.Equal(["a", "a", "a", "c", "e"], ranked.Select(r => r.Leader));
    }

    [Fact]
    public void Rank_ComparesWithTheLeaderNotTheNeighbour()
    {
        // A chain: each overlaps the next, but the third does not reach the first.
        LeaderboardEntry[] entries = [new("x", 0.9, 0.85, 0.95), new("y", 0.84, 0.8, 0.88), new("z", 0.78, 0.74, 0.82)];
        var ranked = Leaderboard.Rank(entries);
        Assert.Equal([1, 1, 2], ranked.Select(r => r.TieGroup));
        Assert.Equal([1, 1, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Rank_LowerIsBetterAndMissingIntervals()
    {
        LeaderboardEntry[] entries =
        [
            new("slow", 3.0, null, null, HigherIsBetter: false),
            new("fast", 1.0, null, null, HigherIsBetter: false),
            new("fast2", 1.0, null, null, HigherIsBetter: false),
        ];
        var ranked = Leaderboard.Rank(entries);
        Assert.Equal(["fast", "fast2", "slow"], ranked.Select(r => r.Entry.Model));
        Assert.Equal([1, 1, 3], ranked.Select(r => r.Rank));   // equal points overlap
    }

    [Fact]
    public void Rank_RejectsMixedDirections()
    {
        Assert.Throws<ArgumentException>(() => Leaderboard.Rank([new("a", 1, null, null), new("b", 2, null, null, false)]));
        Assert.Empty(Leaderboard.Rank([]));
    }
}

/// <summary>Issue 11: a leaderboard over shared items ranks by paired tests, not by overlapping intervals.</summary>
public sealed class PairedLeaderboardTests
{
    private static LeaderboardItems Model(string name, int offset, int n, Func<int, bool> right)
    {
        var items = Enumerable.Range(offset, n).ToDictionary(i => $"item-{i:D4}", i => right(i) ? 1.0 : 0.0, StringComparer.Ordinal);
        var k = items.Values.Count(v => v == 1);
        var wilson = Intervals.Wilson((double)k / n, n);
        return new LeaderboardItems(new LeaderboardEntry(name, (double)k / n, wilson.Low, wilson.High), items);
    }

    [Fact]
    public void TwoHundredSharedItems_BRightWhereverAIsPlusTwelve_RanksB1AndA2()
    {
        var a = Model("a", 0, 200, i => i < 108);            // 0.54
        var b = Model("b", 0, 200, i => i < 120);            // 0.60: right on every item A is right on, plus 12
        Assert.True(a.Entry.CiHigh > b.Entry.CiLow);         // Wilson [0.471, 0.608] and [0.531, 0.665] overlap
        var ranking = PairedLeaderboard.Rank([a, b]);
        Assert.Equal("paired", ranking.Method);
        Assert.Equal(["b", "a"], ranking.Entries.Select(e => e.Entry.Model));
        Assert.Equal([1, 2], ranking.Entries.Select(e => e.Rank));
        Assert.Equal([200L, 200L], ranking.Entries.Select(e => e.N!.Value));
        Assert.Equal([1.0, 1.0], ranking.Entries.Select(e => e.SharedShare!.Value));
        var pair = Assert.Single(ranking.Pairs);
        Assert.Equal("mcnemar-exact", pair.Test);
        Assert.Equal(0.00049, Math.Round(pair.P!.Value, 5));   // exact McNemar, b = 0, c = 12: 2·0.5¹² = 0.000488
        Assert.Equal(0.00048828125, pair.AdjustedP!.Value, 1e-15);
        Assert.Equal((200L, 1.0), (pair.SharedItems, pair.Share));
        Assert.True(pair.Significant);
        Assert.Equal("b", pair.Better);
        // The interval screen alone cannot separate them.
        Assert.Equal([1, 1], Leaderboard.Rank([a.Entry, b.Entry]).Select(r => r.Rank));
    }

    [Fact]
    public void WithoutSharedItems_TheIntervalScreenIsStillUsed_AndLabelled()
    {
        var a = Model("a", 0, 200, i => i < 108);
        var b = Model("b", 1000, 200, i => i < 1120);       // other items entirely
        var ranking = PairedLeaderboard.Rank([a, b]);
        Assert.Equal("interval-overlap", ranking.Method);
        Assert.Equal([1, 1], ranking.Entries.Select(e => e.Rank));
        Assert.Equal("interval-overlap", Assert.Single(ranking.Pairs).Test);
        Assert.Equal(0.0, ranking.Entries[0].SharedShare);
    }

    [Fact]
    public void FewerThanHalfShared_FallsBackForThatPairOnly()
    {
        var a = Model("a", 0, 200, i => i < 108);
        var b = Model("b", 0, 200, i => i < 120);
        var c = Model("c", 150, 200, i => i < 160);          // 50 of 200 items shared with a and b, and a low score
        var ranking = PairedLeaderboard.Rank([a, b, c]);
        Assert.Equal("mixed", ranking.Method);
        Assert.Equal(["mcnemar-exact", "interval-overlap", "interval-overlap"], ranking.Pairs.Select(p => p.Test));
        Assert.Equal(["b", "a", "c"], ranking.Entries.Select(e => e.Entry.Model));
        Assert.Equal([1, 2, 3], ranking.Entries.Select(e => e.Rank));
    }

    [Fact]
    public void LowerIsBetter_ContinuousScores_UseThePairedTTest()
    {
        var fast = Enumerable.Range(0, 30).ToDictionary(i => $"d{i}", i => 100.0 + i, StringComparer.Ordinal);
        var slow = fast.ToDictionary(p => p.Key, p => p.Value + 5 + (p.Value % 3), StringComparer.Ordinal);
        LeaderboardItems Of(string name, Dictionary<string, double> items) =>
            new(new LeaderboardEntry(name, items.Values.Average(), items.Values.Average() - 20, items.Values.Average() + 20, false), items);
        var ranking = PairedLeaderboard.Rank([Of("slow", slow), Of("fast", fast)]);
        Assert.Equal(["fast", "slow"], ranking.Entries.Select(e => e.Entry.Model));
        Assert.Equal([1, 2], ranking.Entries.Select(e => e.Rank));
        Assert.Equal("paired-t", Assert.Single(ranking.Pairs).Test);
    }
}
