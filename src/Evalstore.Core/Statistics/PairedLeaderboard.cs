using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>One model's entry on a leaderboard column with its per-item values (trials reduced), keyed by row digest.</summary>
/// <param name="Entry">Score, interval and direction.</param>
/// <param name="Items">Item means by row digest; null when the items are not known (then only the interval screen applies).</param>
public sealed record LeaderboardItems(LeaderboardEntry Entry, IReadOnlyDictionary<string, double>? Items);

/// <summary>A model's place on a column ranked by paired tests.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Position">1-based row position: by rank, then score, then name.</param>
/// <param name="Rank">1 + the number of models significantly better on this score.</param>
/// <param name="N">Items the model scored (null when its items are not known).</param>
/// <param name="SharedShare">Share of its items that every other model on the column also scored.</param>
public sealed record PairedRankedEntry(LeaderboardEntry Entry, int Position, int Rank, long? N, double? SharedShare);

/// <summary>A ranked column: the entries, every pair's decision and how the column was ranked.</summary>
/// <param name="Entries">Best first.</param>
/// <param name="Pairs">Every pair of models.</param>
/// <param name="Method"><c>paired</c>, <c>interval-overlap</c> or <c>mixed</c> (some pairs share too few items).</param>
public sealed record LeaderboardRanking(IReadOnlyList<PairedRankedEntry> Entries, IReadOnlyList<LeaderboardPair> Pairs, string Method);

/// <summary>
/// Ranks models on one score with paired tests when they ran on the same items. A model's rank is 1 + the number of
/// models significantly better than it: McNemar's exact test for proportions (every item 0 or 1), the paired t test
/// otherwise, Holm-adjusted across the column's pairs. A pair sharing fewer than half the items (of the larger model)
/// cannot be paired fairly, so it falls back to the interval screen: different only when the 95% intervals are disjoint.
/// </summary>
public static class PairedLeaderboard
{
    /// <summary>A pair is tested paired when at least this share of the larger model's items is shared.</summary>
    public const double MinimumSharedShare = 0.5;

    /// <summary>Ranks one column.</summary>
    /// <param name="models">One entry per model; all must share a direction.</param>
    /// <param name="alpha">Family-wise significance level across the column's pairs.</param>
    public static LeaderboardRanking Rank(IReadOnlyList<LeaderboardItems> models, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            return new LeaderboardRanking([], [], "paired");
        }
        _ = Leaderboard.Rank([.. models.Select(m => m.Entry)]);   // validates directions and finite means
        var higherIsBetter = models[0].Entry.HigherIsBetter;
        var ordered = models
            .OrderBy(m => higherIsBetter ? -m.Entry.Mean : m.Entry.Mean)
            .ThenBy(m => m.Entry.Model, StringComparer.Ordinal)
            .ToArray();
        var pairs = new List<LeaderboardPair>();
        for (var i = 0; i < ordered.Length; i++)
        {
            for (var j = i + 1; j < ordered.Length; j++)
            {
                pairs.Add(Pair(ordered[i], ordered[j]));
            }
        }
        pairs = Decide(pairs, ordered, alpha);
        var common = CommonItems(ordered);
        var ranks = ordered.Select(m => 1 + pairs.Count(p => p.Significant && p.Better != m.Entry.Model
            && (p.ModelA == m.Entry.Model || p.ModelB == m.Entry.Model))).ToArray();
        var entries = ordered
            .Select((m, i) => (Model: m, Rank: ranks[i], Index: i))
            .OrderBy(x => x.Rank).ThenBy(x => x.Index)
            .Select((x, position) => new PairedRankedEntry(x.Model.Entry, position + 1, x.Rank, x.Model.Items?.Count,
                x.Model.Items is { Count: > 0 } items && common is not null ? (double)common.Value / items.Count : null))
            .ToList();
        var paired = pairs.Count(p => p.Test != "interval-overlap");
        var method = paired == pairs.Count ? "paired" : paired == 0 ? "interval-overlap" : "mixed";
        return new LeaderboardRanking(entries, pairs, method);
    }

    /// <summary>One model's item values reduced per row digest (mean of the finite values of its trials and duplicate rows).</summary>
    public static IReadOnlyDictionary<string, double> ItemMeans(IEnumerable<ItemScore> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value.Value.HasNumber && double.IsFinite(value.Value.Number))
            {
                var (sum, count) = sums.GetValueOrDefault(value.Digest);
                sums[value.Digest] = (sum + value.Value.Number, count + 1);
            }
        }
        return sums.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count, StringComparer.Ordinal);
    }

    private static LeaderboardPair Pair(LeaderboardItems a, LeaderboardItems b)
    {
        if (a.Items is null || b.Items is null)
        {
            return new LeaderboardPair(a.Entry.Model, b.Entry.Model, 0, 0, "interval-overlap", null, null, null, false, null);
        }
        var (small, large) = a.Items.Count <= b.Items.Count ? (a.Items, b.Items) : (b.Items, a.Items);
        // Digests in ordinal order, so the pairing (and any resampling) does not depend on dictionary order.
        var shared = small.Keys.Where(large.ContainsKey).Order(StringComparer.Ordinal).ToArray();
        var share = large.Count == 0 ? 0 : (double)shared.Length / large.Count;
        if (shared.Length < 2 || share < MinimumSharedShare)
        {
            return new LeaderboardPair(a.Entry.Model, b.Entry.Model, shared.Length, share, "interval-overlap", null, null, null, false,
                null);
        }
        var x = shared.Select(d => a.Items[d]).ToArray();
        var y = shared.Select(d => b.Items[d]).ToArray();
        var c = PairedComparison.Compare(x, y, ScoreType.Range, bootstrapIterations: 0, higherIsBetter: a.Entry.HigherIsBetter);
        var test = WireNames.Of(c.VerdictTest ?? SignificanceTest.PairedT);
        return new LeaderboardPair(a.Entry.Model, b.Entry.Model, shared.Length, share, test, c.Difference, c.VerdictP, null, false, null);
    }

    /// <summary>Holm across the paired tests; the interval screen for the rest.</summary>
    private static List<LeaderboardPair> Decide(List<LeaderboardPair> pairs, LeaderboardItems[] models, double alpha)
    {
        var byModel = models.ToDictionary(m => m.Entry.Model, m => m.Entry, StringComparer.Ordinal);
        var tested = pairs.Where(p => p.P is not null).ToList();
        var adjusted = Holm.Adjust([.. tested.Select(p => p.P!.Value)]);
        var adjustedOf = new Dictionary<LeaderboardPair, double>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < tested.Count; i++)
        {
            adjustedOf[tested[i]] = adjusted[i];
        }
        return [.. pairs.Select(p =>
        {
            var (a, b) = (byModel[p.ModelA], byModel[p.ModelB]);
            if (adjustedOf.TryGetValue(p, out var q))
            {
                var significant = q <= alpha && p.Difference is not (null or 0);
                var bBetter = p.Difference > 0 == a.HigherIsBetter;
                return p with { AdjustedP = q, Significant = significant, Better = significant ? bBetter ? p.ModelB : p.ModelA : null };
            }
            var disjoint = Low(a) > High(b) || Low(b) > High(a);
            var aBetter = a.HigherIsBetter ? a.Mean >= b.Mean : a.Mean <= b.Mean;
            return p with { Significant = disjoint, Better = disjoint ? aBetter ? p.ModelA : p.ModelB : null };
        })];
    }

    /// <summary>Items every model with known items scored; null when some model's items are unknown.</summary>
    private static long? CommonItems(LeaderboardItems[] models)
    {
        if (models.Any(m => m.Items is null))
        {
            return null;
        }
        var smallest = models.MinBy(m => m.Items!.Count)!.Items!;
        return smallest.Keys.LongCount(d => models.All(m => m.Items!.ContainsKey(d)));
    }

    private static double Low(LeaderboardEntry e) => Math.Min(e.CiLow ?? e.Mean, e.Mean);

    private static double High(LeaderboardEntry e) => Math.Max(e.CiHigh ?? e.Mean, e.Mean);
}
