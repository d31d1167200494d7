using System.Runtime.InteropServices;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>
/// Joins two results' values of one score item by item, by row digest: the plain reference that
/// <see cref="ScoreJoin"/> (the production join of every score at once) is checked against.
/// </summary>
internal static class ItemJoin
{
    /// <summary>
    /// Reduces each side's trials per digest to their mean (NaN and label-only values excluded), then pairs the digests
    /// both sides scored. Rows whose digest repeats within one side are one item (same content, same question).
    /// Also reports dataset drift: row indices present on both sides with different digests, which means the two
    /// runs did not use the same dataset rows in the same order.
    /// </summary>
    /// <param name="a">Baseline values, any order.</param>
    /// <param name="b">Candidate values, any order.</param>
    /// <param name="maxDriftExamples">How many drifted rows to list (the lowest row indices).</param>
    public static JoinedItems Join(IEnumerable<ItemScore> a, IEnumerable<ItemScore> b, int maxDriftExamples = 5)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sideA = Side.Reduce(a);
        var sideB = Side.Reduce(b);
        var pairs = new List<ItemPair>(Math.Min(sideA.Items.Count, sideB.Items.Count));
        long onlyA = 0, unscored = 0;
        foreach (var (digest, itemA) in sideA.Items)
        {
            if (!sideB.Items.TryGetValue(digest, out var itemB))
            {
                onlyA++;
            }
            else if (itemA.Count == 0 || itemB.Count == 0)
            {
                unscored++;
            }
            else
            {
                pairs.Add(new ItemPair(digest, itemA.RowIndex, itemB.RowIndex, itemA.Sum / itemA.Count, itemB.Sum / itemB.Count));
            }
        }
        long onlyB = sideB.Items.Count - (sideA.Items.Count - onlyA);
        pairs.Sort(static (x, y)
            => x.RowIndexA != y.RowIndexA ? x.RowIndexA.CompareTo(y.RowIndexA) : string.CompareOrdinal(x.Digest, y.Digest));
        var (driftCount, examples) = Drift(sideA.DigestByRow, sideB.DigestByRow, maxDriftExamples);
        return new JoinedItems(pairs, onlyA, onlyB, unscored, driftCount, examples);
    }

    private static (long Count, IReadOnlyList<DriftExample> Examples) Drift(
        Dictionary<long, string> rowsA, Dictionary<long, string> rowsB, int maxExamples)
    {
        long count = 0;
        var examples = new List<DriftExample>();
        foreach (var (row, digestA) in rowsA)
        {
            if (rowsB.TryGetValue(row, out var digestB) && !string.Equals(digestA, digestB, StringComparison.Ordinal))
            {
                count++;
                examples.Add(new DriftExample(row, digestA, digestB));
            }
        }
        examples.Sort(static (x, y) => x.RowIndex.CompareTo(y.RowIndex));
        return (count, examples.Take(Math.Max(0, maxExamples)).ToArray());
    }

    /// <summary>Per-digest running sums of one side and the first digest seen at each row index.</summary>
    private sealed class Side
    {
        private Side(int capacity)
        {
            Items = new Dictionary<string, Accumulated>(capacity, StringComparer.Ordinal);
            DigestByRow = new Dictionary<long, string>(capacity);
        }

        public Dictionary<string, Accumulated> Items { get; }
        public Dictionary<long, string> DigestByRow { get; }

        public static Side Reduce(IEnumerable<ItemScore> scores)
        {
            // Presizing skips the rehashes of growing to a million entries; with trials it over-allocates a little.
            var side = new Side(scores.TryGetNonEnumeratedCount(out var count) ? count : 0);
            foreach (var score in scores)
            {
                ArgumentNullException.ThrowIfNull(score.Digest);
                ref var item = ref CollectionsMarshal.GetValueRefOrAddDefault(side.Items, score.Digest, out var exists);
                if (!exists)
                {
                    item.RowIndex = score.RowIndex;
                }
                item.RowIndex = Math.Min(item.RowIndex, score.RowIndex);
                if (score.Value.HasNumber && double.IsFinite(score.Value.Number))
                {
                    item.Sum += score.Value.Number;
                    item.Count++;
                }
                side.DigestByRow.TryAdd(score.RowIndex, score.Digest);
            }
            return side;
        }
    }

    private struct Accumulated
    {
        public long RowIndex;
        public double Sum;
        public int Count;
    }
}
