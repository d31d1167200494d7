using System.Runtime.InteropServices;
using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Joins every score of two results at once, with the same semantics as joining each score on its own (the tests'
/// reference <c>ItemJoin</c>), but sharing the expensive part: each distinct digest is hashed once and given a dense
/// id, so each further score is array work. A store hands back the same string instance for a row's digest in every
/// score, which a reference lookup recognises before any hashing of the 43 characters.
/// </summary>
public static class ScoreJoin
{
    /// <summary>
    /// Joins score <c>i</c> of <paramref name="a"/> with score <c>i</c> of <paramref name="b"/> for every i; dataset
    /// drift is computed once from all the rows seen and shared by every result.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
        var drift = Drift(cacheA, cacheB, ids, maxDriftExamples);
        // With every digest's id known, each score is independent array work: reduced and paired on its own thread,
        // its per-item arrays dropped as soon as its pairs are built.
        var joined = new JoinedItems[a.Count];
        Parallel.For(
            0, a.Count, s => joined[s] = Pair(Side.Reduce(a[s], idsA[s], ids.Count), Side.Reduce(b[s], idsB[s], ids.Count), ids, drift));
        return joined;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static JoinedItems Pair(Side x, Side y, DigestIds ids, (long Count, IReadOnlyList<DriftExample> Examples) drift)
    {
        var pairs = new List<ItemPair>(Math.Min(x.Present.Count, y.Present.Count));
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
                pairs.Add(new ItemPair(ids.Digest(id), x.FirstRow[id], y.FirstRow[id], x.Sum[id] / x.Count[id], y.Sum[id] / y.Count[id]));
            }
        }
        long onlyB = y.Present.Count - (x.Present.Count - onlyA);
        // Items arrive in the baseline's row order, so the pairs are usually sorted already.
        if (!IsInRowOrder(pairs))
        {
            pairs.Sort(InRowOrder);
        }
        return new JoinedItems(pairs, onlyA, onlyB, unscored, drift.Count, drift.Examples)
        {
            DuplicatesA = new DuplicateItems(x.DuplicateItems, x.DuplicateRows),
            DuplicatesB = new DuplicateItems(y.DuplicateItems, y.DuplicateRows),
        };
    }

    private static int InRowOrder(ItemPair p, ItemPair q) =>
        p.RowIndexA != q.RowIndexA ? p.RowIndexA.CompareTo(q.RowIndexA) : string.CompareOrdinal(p.Digest, q.Digest);

    private static bool IsInRowOrder(List<ItemPair> pairs)
    {
        var span = CollectionsMarshal.AsSpan(pairs);
        for (var i = 1; i < span.Length; i++)
        {
            if (InRowOrder(span[i - 1], span[i]) > 0)
            {
                return false;
            }
        }
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (long Count, IReadOnlyList<DriftExample> Examples) Drift(RowCache a, RowCache b, DigestIds ids, int maxExamples)
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
                    examples.Add(new DriftExample(row, ids.Digest(idA), ids.Digest(idB)));
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

    /// <summary>
    /// The digest id of each row index of one side: the first one seen (for drift), and the last digest instance with
    /// its id, since every score of a row carries the same instance and all but the first score of a row then find
    /// the id by an array index instead of hashing.
    /// </summary>
    private sealed class RowCache
    {
        private const int MaxDenseRows = 1 << 26;
        private string?[] _digests = [];
        private int[] _ids = [];
        private int[] _firstIds = []; // id + 1; 0 where the row has not been seen

        /// <summary>First ids of rows at or beyond the dense range.</summary>
        public Dictionary<long, int> LargeRows { get; } = [];

        public int DenseRows => _firstIds.Length;

        /// <summary>The first digest id seen at <paramref name="row"/> (below <see cref="DenseRows"/>), or −1.</summary>
        public int FirstId(int row) => _firstIds[row] - 1;

        public int IdOf(in ItemScore score, DigestIds ids)
        {
            var row = score.RowIndex;
            if (row >= MaxDenseRows)
            {
                var large = ids.Of(score.Digest);
                LargeRows.TryAdd(row, large);
                return large;
            }
            if (row >= _digests.Length)
            {
                var size = (int)Math.Min(MaxDenseRows, Math.Max(row + 1, Math.Max(1024, _digests.Length * 2L)));
                Array.Resize(ref _digests, size);
                Array.Resize(ref _ids, size);
                Array.Resize(ref _firstIds, size);
            }
            var index = (int)row;
            if (ReferenceEquals(_digests[index], score.Digest))
            {
                return _ids[index];
            }
            var id = ids.Of(score.Digest);
            _digests[index] = score.Digest;
            _ids[index] = id;
            if (_firstIds[index] == 0)
            {
                _firstIds[index] = id + 1;
            }
            return id;
        }
    }

    /// <summary>Dense ids for digests.</summary>
    private sealed class DigestIds(int capacity)
    {
        private readonly Dictionary<string, int> _byContent = new(capacity, DigestComparer.Instance);
        private readonly List<string> _digests = new(capacity);

        public int Count => _digests.Count;

        public int Of(string digest)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_byContent, digest, out var exists);
            if (!exists)
            {
                id = _digests.Count;
                _digests.Add(digest);
            }
            return id;
        }

        public string Digest(int id) => _digests[id];
    }

    /// <summary>
    /// Row digests are uniformly random, so their first eight characters (48 random bits) already hash them well; hashing
    /// those beats hashing all 43 (equality still compares the whole string). Shorter strings hash as usual.
    /// </summary>
    private sealed class DigestComparer : IEqualityComparer<string>
    {
        public static readonly DigestComparer Instance = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string text)
        {
            if (text.Length < 8)
            {
                return StringComparer.Ordinal.GetHashCode(text);
            }
            var head = MemoryMarshal.Cast<char, ulong>(text.AsSpan(0, 8));
            var mixed = (head[0] ^ (head[1] * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
            return (int)(mixed >> 32);
        }
    }

    /// <summary>One score of one side, reduced per item: sums and counts of numeric values by digest id.</summary>
    private sealed class Side
    {
        public double[] Sum = [];
        public int[] Count = [];
        public long[] FirstRow = [];
        private long[] _lastRow = [];
        private bool[] _present = [];
        private bool[] _duplicated = [];

        /// <summary>Digests held by more than one row of this side.</summary>
        public long DuplicateItems { get; private set; }

        /// <summary>Rows beyond the first of such digests (pooled into the first).</summary>
        public long DuplicateRows { get; private set; }
        public List<int> Present { get; } = [];

        public bool Has(int id) => id < _present.Length && _present[id];

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public static Side Reduce(IReadOnlyList<ItemScore> values, int[] ids, int idCount)
        {
            var side = new Side();
            side.Grow(idCount);
            var span = Span(values);
            for (var i = 0; i < span.Length; i++)
            {
                ref readonly var score = ref span[i];
                var id = ids[i];
                if (!side._present[id])
                {
                    side._present[id] = true;
                    side.Present.Add(id);
                    side.FirstRow[id] = score.RowIndex;
                    side._lastRow[id] = score.RowIndex;
                }
                else if (side._lastRow[id] != score.RowIndex)
                {
                    // Another row with the same content: values arrive grouped by row, so a change of row is a new duplicate row.
                    side._lastRow[id] = score.RowIndex;
                    side.DuplicateRows++;
                    if (!side._duplicated[id])
                    {
                        side._duplicated[id] = true;
                        side.DuplicateItems++;
                    }
                }
                side.FirstRow[id] = Math.Min(side.FirstRow[id], score.RowIndex);
                if (score.Value.HasNumber && double.IsFinite(score.Value.Number))
                {
                    side.Sum[id] += score.Value.Number;
                    side.Count[id]++;
                }
            }
            return side;
        }

        private void Grow(int size)
        {
            if (size <= _present.Length)
            {
                return;
            }
            var capacity = size;
            Array.Resize(ref Sum, capacity);
            Array.Resize(ref Count, capacity);
            Array.Resize(ref FirstRow, capacity);
            Array.Resize(ref _present, capacity);
            Array.Resize(ref _lastRow, capacity);
            Array.Resize(ref _duplicated, capacity);
        }
    }
}
