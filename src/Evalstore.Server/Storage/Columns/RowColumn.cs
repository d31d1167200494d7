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

    public void AppendEncoded(ReadOnlySpan<byte> positions, ReadOnlySpan<byte> digests)
    {
        foreach (var position in MemoryMarshal.Cast<byte, long>(positions))
        {
            _positions.Add(position);
        }
        for (var at = 0; at < digests.Length; at += RowDigest.Length)
        {
            _digests.Add(Encoding.ASCII.GetString(digests.Slice(at, RowDigest.Length)));
        }
    }

    /// <summary>Digest by position, for looking values up by where they sit.</summary>
    public Dictionary<long, string> ByPosition()
    {
        var map = new Dictionary<long, string>(_positions.Count);
        for (var i = 0; i < _positions.Count; i++)
        {
            map[_positions[i]] = _digests[i];
        }
        return map;
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
    public long DistinctRowIndexes() => _positions.Select(Core.Model.RowPosition.RowIndex).Distinct().LongCount();

    /// <summary>Every position, sorted.</summary>
    public long[] SortedPositions()
    {
        var positions = _positions.ToArray();
        Array.Sort(positions);
        return positions;
    }
}
