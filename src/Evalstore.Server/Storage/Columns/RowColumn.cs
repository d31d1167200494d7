using System.Runtime.InteropServices;
using System.Text;
using Evalstore.Core.Digest;

namespace Evalstore.Server.Storage.Columns;

/// <summary>The positions and row digests of a result's rows, as flat arrays (for joins by digest).</summary>
internal sealed class RowColumn
{
    private readonly List<long> _positions = [];
    private readonly List<string> _digests = [];

    public int Count => _positions.Count;

    /// <summary>Every position, in the column's order.</summary>
    public ReadOnlySpan<long> Positions => CollectionsMarshal.AsSpan(_positions);

    /// <summary>The digest of row <paramref name="i"/> of the column.</summary>
    public string Digest(int i) => _digests[i];

    public void Add(long position, string digest)
    {
        _positions.Add(position);
        _digests.Add(digest);
    }

    public (byte[] Positions, byte[] Digests) Encode()
    {
        var digests = new byte[_digests.Count * RowDigest.Length];
        for (var i = 0; i < _digests.Count; i++)
        {
            Encoding.ASCII.GetBytes(_digests[i], digests.AsSpan(i * RowDigest.Length, RowDigest.Length));
        }
        return (MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_positions)).ToArray(), digests);
    }

    // Runs once per row of a result when a compare loads it: compiled optimised at once rather than tier by tier.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AppendEncoded(ReadOnlySpan<byte> positions, ReadOnlySpan<byte> digests)
    {
        _positions.EnsureCapacity(_positions.Count + positions.Length / sizeof(long));
        _digests.EnsureCapacity(_digests.Count + digests.Length / RowDigest.Length);
        foreach (var position in MemoryMarshal.Cast<byte, long>(positions))
        {
            _positions.Add(position);
        }
        for (var at = 0; at < digests.Length; at += RowDigest.Length)
        {
            _digests.Add(Encoding.ASCII.GetString(digests.Slice(at, RowDigest.Length)));
        }
    }

    /// <summary>True when positions ascend (several chunks appended in row order stay sorted as they are).</summary>
    public bool IsSorted()
    {
        for (var i = 1; i < _positions.Count; i++)
        {
            if (_positions[i - 1] > _positions[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A copy sorted by position.</summary>
    public RowColumn Sorted()
    {
        var order = Enumerable.Range(0, _positions.Count).ToArray();
        var keys = _positions.ToArray();
        Array.Sort(keys, order);
        var sorted = new RowColumn();
        for (var i = 0; i < order.Length; i++)
        {
            sorted.Add(keys[i], _digests[order[i]]);
        }
        return sorted;
    }

    /// <summary>How many distinct row indexes (items) the column holds.</summary>
    public long DistinctRowIndexes()
    {
        var sorted = IsSorted() ? _positions : _positions.Order().ToList();
        long count = 0;
        long previous = -1;
        foreach (var position in sorted)
        {
            var row = Core.Model.RowPosition.RowIndex(position);
            count += row != previous ? 1 : 0;
            previous = row;
        }
        return count;
    }

    /// <summary>Every position, sorted.</summary>
    public long[] SortedPositions()
    {
        var positions = _positions.ToArray();
        Array.Sort(positions);
        return positions;
    }
}
