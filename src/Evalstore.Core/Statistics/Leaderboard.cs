namespace Evalstore.Core.Statistics;

/// <summary>One model's score on a leaderboard column.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Mean">The score.</param>
/// <param name="CiLow">Lower end of its interval; null reads as the mean itself.</param>
/// <param name="CiHigh">Upper end; null reads as the mean itself.</param>
/// <param name="HigherIsBetter">Direction of improvement; must agree across entries.</param>
public sealed record LeaderboardEntry(string Model, double Mean, double? CiLow, double? CiHigh, bool HigherIsBetter = true);

/// <summary>A ranked entry.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Position">1-based position, best first (equal means by model name).</param>
/// <param name="Rank">Shared rank: the position of its tie group's leader (1, 1, 1, 4, …).</param>
/// <param name="TieGroup">1-based tie group.</param>
/// <param name="Leader">The model leading its tie group.</param>
public sealed record RankedEntry(LeaderboardEntry Entry, int Position, int Rank, int TieGroup, string Leader);

/// <summary>Ranks models on one score and groups those that cannot be told apart.</summary>
public static class Leaderboard
{
    /// <summary>
    /// Sorts best first (highest mean, or lowest when lower is better; equal means by ordinal model name). Tie groups
    /// are built greedily from the top: the best entry leads group 1, and each following entry joins the current group
    /// when its interval overlaps the <b>leader's</b> interval, otherwise it leads a new group. Comparing with the leader
    /// rather than the previous entry stops a chain of small overlaps from tying the first and the last model.
    /// Overlapping intervals are a conservative screen, not a test (two 95% intervals can overlap while a paired test
    /// still separates the models); use <see cref="PairedComparison"/> for a decision.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Rank(IReadOnlyList<LeaderboardEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }
        var higherIsBetter = entries[0].HigherIsBetter;
        foreach (var entry in entries)
        {
            if (entry.HigherIsBetter != higherIsBetter)
            {
                throw new ArgumentException("All entries of one leaderboard column must share a direction.", nameof(entries));
            }
            if (!double.IsFinite(entry.Mean))
            {
                throw new ArgumentException($"Model '{entry.Model}' has no finite score.", nameof(entries));
            }
        }
        var sorted = (higherIsBetter ? entries.OrderByDescending(e => e.Mean) : entries.OrderBy(e => e.Mean))
            .ThenBy(e => e.Model, StringComparer.Ordinal)
            .ToArray();
        var ranked = new RankedEntry[sorted.Length];
        var leader = sorted[0];
        int group = 1, groupRank = 1;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0 && !Overlaps(leader, sorted[i]))
            {
                leader = sorted[i];
                group++;
                groupRank = i + 1;
            }
            ranked[i] = new RankedEntry(sorted[i], i + 1, groupRank, group, leader.Model);
        }
        return ranked;
    }

    private static bool Overlaps(LeaderboardEntry x, LeaderboardEntry y) =>
        Low(x) <= High(y) && Low(y) <= High(x);

    private static double Low(LeaderboardEntry e) => Math.Min(e.CiLow ?? e.Mean, e.Mean);

    private static double High(LeaderboardEntry e) => Math.Max(e.CiHigh ?? e.Mean, e.Mean);
}
