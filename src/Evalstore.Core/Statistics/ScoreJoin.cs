using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Joins every score of two results at once, with the same semantics as joining each score on its own (the tests'
/// reference <c>ItemJoin</c>), but sharing the expensive part: each distinct item is given a dense id once, so each
/// score is array work. Two inputs give the same answer: <see cref="ItemScore"/> lists (digest strings, hashed once per
/// distinct instance) and <see cref="ItemColumns"/> (digest bytes, keyed by an integer taken from them, no string per row).
/// </summary>
public static partial class ScoreJoin
{
    /// <summary>
    /// Joins score <c>i</c> of <paramref name="a"/> with score <c>i</c> of <paramref name="b"/> for every i; dataset
    /// drift is computed once from all the rows seen and shared by every result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<JoinedItems> Join(
        IReadOnlyList<IReadOnlyList<ItemScore>> a, IReadOnlyList<IReadOnlyList<ItemScore>> b, int maxDriftExamples = 5)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException("Both sides need the same scores, in the same order.", nameof(b));
        }
        // Sized for two results over the same items, the usual case; a candidate with new items grows it once.
        var ids = new DigestIds(a.Concat(b).Select(v => v.Count).DefaultIfEmpty(0).Max());
        // First every value's digest id, then per-item sums in arrays sized to the final number of ids.
        var cacheA = new RowCache();
        var cacheB = new RowCache();
        var idsA = a.Select(values => Ids(values, ids, cacheA)).ToList();
        var idsB = b.Select(values => Ids(values, ids, cacheB)).ToList();
        var drift = Drift(cacheA.First, cacheB.First, ids.Digest, maxDriftExamples);
        var joined = new JoinedItems[a.Count];
        Parallel.For(0, a.Count, s => joined[s] = Pair(
            Side.Reduce(idsA[s], RowIndexes(a[s]), Numbers(a[s]), ids.Count),
            Side.Reduce(idsB[s], RowIndexes(b[s]), Numbers(b[s]), ids.Count), ids.Digest, drift));
        return joined;
    }

    /// <summary>
    /// The same join over columns: items are keyed by 64 bits mixed from their digest bytes, and every row whose key was
    /// seen before is checked byte for byte against the first digest with that key. Null when two different digests
    /// share a key (never seen in practice): the caller then joins the <see cref="ItemScore"/> lists instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<JoinedItems>? Join(ItemColumns a, ItemColumns b, int maxDriftExamples = 5)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Scores.Count != b.Scores.Count)
        {
            throw new ArgumentException("Both sides need the same scores, in the same order.", nameof(b));
        }
        var ids = new KeyIds(a, b);
        if (ids.RowIdsA is not { } rowIdsA || ids.RowIdsB is not { } rowIdsB)
        {
            return null;
        }
        var idsA = a.Scores.Select(s => ValueIds(s, rowIdsA)).ToList();
        var idsB = b.Scores.Select(s => ValueIds(s, rowIdsB)).ToList();
        var drift = Drift(FirstIds.Of(a.Scores, idsA), FirstIds.Of(b.Scores, idsB), ids.Digest, maxDriftExamples);
        var joined = new JoinedItems[a.Scores.Count];
        Parallel.For(0, joined.Length, s => joined[s] = Pair(
            Side.Reduce(idsA[s], a.Scores[s].RowIndexes, a.Scores[s].Numbers, ids.Count),
            Side.Reduce(idsB[s], b.Scores[s].RowIndexes, b.Scores[s].Numbers, ids.Count), ids.Digest, drift));
        return joined;
    }

    private static int[] ValueIds(ItemColumn score, int[] rowIds)
    {
        var ids = new int[score.Rows.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = rowIds[score.Rows[i]];
        }
        return ids;
    }

    private static long[] RowIndexes(IReadOnlyList<ItemScore> values)
    {
        var span = Span(values);
        var rows = new long[span.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = span[i].RowIndex;
        }
        return rows;
    }

    // A value counts for its item's mean when it has a finite number, as ScoreValue.HasNumber and double.IsFinite say.
    private static double[] Numbers(IReadOnlyList<ItemScore> values)
    {
        var span = Span(values);
        var numbers = new double[span.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = span[i].Value.HasNumber ? span[i].Value.Number : double.NaN;
        }
        return numbers;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JoinedItems Pair(Side x, Side y, Func<int, string> digest, (long Count, IReadOnlyList<DriftExample> Examples) drift)
    {
        var capacity = Math.Min(x.Present.Count, y.Present.Count);
        var ids = new List<int>(capacity);
        long onlyA = 0, unscored = 0;
        foreach (var id in x.Present)
        {
            if (!y.Has(id))
            {
                onlyA++;
            }
            else if (x.Count[id] == 0 || y.Count[id] == 0)
            {
                unscored++;
            }
            else
            {
                ids.Add(id);
            }
        }
        long onlyB = y.Present.Count - (x.Present.Count - onlyA);
        // Items arrive in the baseline's row order, so the pairs are usually sorted already; ties on the row (trials of
        // one row index holding different items) go by digest.
        var order = CollectionsMarshal.AsSpan(ids);
        if (!IsInRowOrder(order, x.FirstRow, digest))
        {
            order.Sort((p, q) => InRowOrder(p, q, x.FirstRow, digest));
        }
        var (rowA, rowB, a, b) = (new long[order.Length], new long[order.Length], new double[order.Length], new double[order.Length]);
        for (var i = 0; i < order.Length; i++)
        {
            var id = order[i];
            (rowA[i], rowB[i], a[i], b[i]) = (x.FirstRow[id], y.FirstRow[id], x.Sum[id] / x.Count[id], y.Sum[id] / y.Count[id]);
        }
        var pairIds = ids.ToArray();
        return new JoinedItems(rowA, rowB, a, b, i => digest(pairIds[i]), onlyA, onlyB, unscored, drift.Count, drift.Examples)
        {
            DuplicatesA = new DuplicateItems(x.DuplicateItems, x.DuplicateRows),
            DuplicatesB = new DuplicateItems(y.DuplicateItems, y.DuplicateRows),
        };
    }

    private static int InRowOrder(int p, int q, long[] firstRow, Func<int, string> digest) =>
        firstRow[p] != firstRow[q] ? firstRow[p].CompareTo(firstRow[q]) : string.CompareOrdinal(digest(p), digest(q));

    private static bool IsInRowOrder(ReadOnlySpan<int> ids, long[] firstRow, Func<int, string> digest)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            if (firstRow[ids[i - 1]] >= firstRow[ids[i]] && InRowOrder(ids[i - 1], ids[i], firstRow, digest) > 0)
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Ids(IReadOnlyList<ItemScore> values, DigestIds ids, RowCache rows)
    {
        var span = Span(values);
        var result = new int[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(span[i].Digest);
            result[i] = rows.IdOf(span[i], ids);
        }
        return result;
    }

    // Stores hand back arrays: iterate the span rather than through the interface.
    private static ReadOnlySpan<ItemScore> Span(IReadOnlyList<ItemScore> values) =>
        values is ItemScore[] array ? array : values is List<ItemScore> list ? CollectionsMarshal.AsSpan(list) : values.ToArray();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long Count, IReadOnlyList<DriftExample> Examples) Drift(FirstIds a, FirstIds b, Func<int, string> digest,
        int maxExamples)
    {
        long count = 0;
        var examples = new List<DriftExample>();
        void Check(long row, int idA, int idB)
        {
            if (idA != idB)
            {
                count++;
                if (examples.Count < maxExamples)
                {
                    examples.Add(new DriftExample(row, digest(idA), digest(idB)));
                }
            }
        }
        // Dense rows in row order first, so the examples kept are the lowest rows; rows beyond the dense range after.
        var shared = Math.Min(a.DenseRows, b.DenseRows);
        for (var row = 0; row < shared; row++)
        {
            if (a.FirstId(row) is var idA and >= 0 && b.FirstId(row) is var idB and >= 0)
            {
                Check(row, idA, idB);
            }
        }
        foreach (var (row, idA) in a.LargeRows.OrderBy(r => r.Key))
        {
            if (b.LargeRows.TryGetValue(row, out var idB))
            {
                Check(row, idA, idB);
            }
        }
        return (count, examples);
    }
}
