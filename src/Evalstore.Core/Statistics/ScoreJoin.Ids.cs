using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Evalstore.Core.Statistics;

public static partial class ScoreJoin
{
    /// <summary>
    /// The first item id seen at each row index of one side, over its values in order (score by score), for drift: rows
    /// below 2^26 in an array, rows beyond in a dictionary.
    /// </summary>
    private sealed class FirstIds
    {
        private const int MaxDenseRows = 1 << 26;
        private int[] _firstIds = []; // id + 1; 0 where the row has not been seen

        /// <summary>First ids of rows at or beyond the dense range.</summary>
        public Dictionary<long, int> LargeRows { get; } = [];

        public int DenseRows => _firstIds.Length;

        /// <summary>The first id seen at <paramref name="row"/> (below <see cref="DenseRows"/>), or −1.</summary>
        public int FirstId(int row) => _firstIds[row] - 1;

        /// <summary>Records <paramref name="id"/> at <paramref name="row"/> unless the row has one already.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void See(long row, int id)
        {
            if (row >= MaxDenseRows)
            {
                LargeRows.TryAdd(row, id);
                return;
            }
            if (row >= _firstIds.Length)
            {
                Array.Resize(ref _firstIds, (int)Math.Min(MaxDenseRows, Math.Max(row + 1, Math.Max(1024, _firstIds.Length * 2L))));
            }
            ref var first = ref _firstIds[(int)row];
            if (first == 0)
            {
                first = id + 1;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static FirstIds Of(IReadOnlyList<ItemColumn> scores, IReadOnlyList<int[]> ids)
        {
            var first = new FirstIds();
            for (var s = 0; s < scores.Count; s++)
            {
                var rows = scores[s].RowIndexes;
                var valueIds = ids[s];
                for (var i = 0; i < rows.Length; i++)
                {
                    first.See(rows[i], valueIds[i]);
                }
            }
            return first;
        }
    }

    /// <summary>
    /// The digest id of each row index of one side: the last digest instance with its id, since every score of a row
    /// carries the same instance and all but the first score of a row then find the id by an array index instead of
    /// hashing; and the first id seen at each row (for drift).
    /// </summary>
    private sealed class RowCache
    {
        private const int MaxDenseRows = 1 << 26;
        private string?[] _digests = [];
        private int[] _ids = [];

        public FirstIds First { get; } = new();

        public int IdOf(in ItemScore score, DigestIds ids)
        {
            var row = score.RowIndex;
            if (row >= MaxDenseRows)
            {
                var large = ids.Of(score.Digest);
                First.See(row, large);
                return large;
            }
            if (row >= _digests.Length)
            {
                var size = (int)Math.Min(MaxDenseRows, Math.Max(row + 1, Math.Max(1024, _digests.Length * 2L)));
                Array.Resize(ref _digests, size);
                Array.Resize(ref _ids, size);
            }
            var index = (int)row;
            if (ReferenceEquals(_digests[index], score.Digest))
            {
                return _ids[index];
            }
            var id = ids.Of(score.Digest);
            _digests[index] = score.Digest;
            _ids[index] = id;
            First.See(row, id);
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
    /// Dense ids for the rows of two <see cref="ItemColumns"/>, by a 64-bit key mixed from the first 16 digest bytes
    /// (digests are SHA-256 in base64, so those hold 96 random bits). A row whose key is already known is compared byte
    /// for byte with the digest that key was first seen with, so a key shared by two digests is detected, never merged:
    /// <see cref="RowIdsA"/> and <see cref="RowIdsB"/> are then null.
    /// </summary>
    private sealed class KeyIds
    {
        private readonly Dictionary<ulong, int> _byKey;
        private readonly List<(ItemColumns Side, int Row)> _first;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public KeyIds(ItemColumns a, ItemColumns b)
        {
            _byKey = new Dictionary<ulong, int>(Math.Max(a.RowCount, b.RowCount));
            _first = new List<(ItemColumns, int)>(Math.Max(a.RowCount, b.RowCount));
            RowIdsA = Assign(a, null);
            RowIdsB = RowIdsA is null ? null : Assign(b, (a, RowIdsA));
        }

        public int[]? RowIdsA { get; }

        public int[]? RowIdsB { get; }

        public int Count => _first.Count;

        public string Digest(int id) => _first[id].Side.DigestText(_first[id].Row);

        private int[]? Assign(ItemColumns side, (ItemColumns Side, int[] Ids)? other)
        {
            var ids = new int[side.RowCount];
            for (var row = 0; row < ids.Length; row++)
            {
                var digest = side.DigestBytes(row);
                // Two results of one dataset usually list its items in the same order: the other side's row at the same
                // place, when its digest is equal, gives the id without hashing.
                if (other is { } o && row < o.Ids.Length && digest.SequenceEqual(o.Side.DigestBytes(row)))
                {
                    ids[row] = o.Ids[row];
                    continue;
                }
                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey, Key(digest), out var exists);
                if (!exists)
                {
                    id = _first.Count;
                    _first.Add((side, row));
                }
                else if (!digest.SequenceEqual(_first[id].Side.DigestBytes(_first[id].Row)))
                {
                    return null;
                }
                ids[row] = id;
            }
            return ids;
        }

        private static ulong Key(ReadOnlySpan<byte> digest)
        {
            var head = BinaryPrimitives.ReadUInt64LittleEndian(digest);
            var next = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
            return (head * 0x9E3779B97F4A7C15UL) ^ (next * 0xBF58476D1CE4E5B9UL) ^ (next >> 29);
        }
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
}
