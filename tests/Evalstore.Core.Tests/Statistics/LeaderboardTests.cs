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
