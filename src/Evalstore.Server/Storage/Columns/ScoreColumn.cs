using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Columns;

/// <summary>
/// One score's values of one result as flat arrays: packed positions (<see cref="RowPosition"/>), numbers (NaN when
/// the value has none) and, only when some value is a label, labels. A store keeps a score as a few such column
/// chunks instead of one database row per value: ingest writes one chunk per batch, completion merges them into one
/// sorted chunk, and aggregation, row filters, score sorting and comparisons read whole columns at memory speed.
/// </summary>
internal sealed class ScoreColumn
{
    private long[] _positions = new long[64];
    private double[] _numbers = new double[64];
    private string?[]? _labels;

    public int Count { get; private set; }

    public ReadOnlySpan<long> Positions => _positions.AsSpan(0, Count);

    public ReadOnlySpan<double> Numbers => _numbers.AsSpan(0, Count);

    /// <summary>Label of value <paramref name="i"/>, if any.</summary>
    public string? Label(int i) => _labels?[i];

    public bool HasLabels => _labels is not null;

    public void Add(long position, ScoreValue value)
    {
        Grow(Count + 1);
        _positions[Count] = position;
        _numbers[Count] = value.HasNumber ? value.Number : double.NaN;
        if (value.Label is not null)
        {
            _labels ??= new string?[_positions.Length];
            _labels[Count] = value.Label;
        }
        Count++;
    }

    /// <summary>The value at <paramref name="i"/> as ingested, given the kinds its score has seen.</summary>
    public ScoreValue ValueAt(int i, ScoreKey key) =>
        ResultAggregator.ToValue(
            new StoredScore(key.Id, RowPosition.RowIndex(_positions[i]), double.IsNaN(_numbers[i]) ? null : _numbers[i], Label(i)), key);

    /// <summary>Sorts values by position (row index, then trial); returns false when they already were.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool SortByPosition()
    {
        var positions = Positions;
        var sorted = true;
        for (var i = 1; i < positions.Length && sorted; i++)
        {
            sorted = positions[i - 1] <= positions[i];
        }
        if (sorted)
        {
            return false;
        }
        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var keys = positions.ToArray();
        Array.Sort(keys, order);
        var numbers = new double[_numbers.Length];
        var labels = _labels is null ? null : new string?[_labels.Length];
        for (var i = 0; i < order.Length; i++)
        {
            numbers[i] = _numbers[order[i]];
            if (labels is not null)
            {
                labels[i] = _labels![order[i]];
            }
        }
        keys.CopyTo(_positions, 0);
        _numbers = numbers;
        _labels = labels;
        return true;
    }

    /// <summary>
    /// The values with the digests of their rows, from a column and a row column both sorted by position: one forward
    /// walk. Every value of a row gets the row column's string instance for its digest, which joins recognise by reference.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Core.Statistics.ItemScore[] Items(RowColumn rows, ScoreKey key)
    {
        var positions = rows.Positions;
        var items = new Core.Statistics.ItemScore[Count];
        var at = 0;
        for (var i = 0; i < Count; i++)
        {
            var position = _positions[i];
            while (positions[at] < position)
            {
                at++;
            }
            items[i] = new Core.Statistics.ItemScore(
                rows.Digest(at), RowPosition.RowIndex(position), RowPosition.Trial(position), ValueAt(i, key));
        }
        return items;
    }

    /// <summary>Index of a position in a sorted column, or −1.</summary>
    public int IndexOf(long position)
    {
        var index = Positions.BinarySearch(position);
        return index >= 0 ? index : -1;
    }

    public (byte[] Positions, byte[] Numbers, byte[]? Labels) Encode()
    {
        var positions = MemoryMarshal.AsBytes(Positions).ToArray();
        var numbers = MemoryMarshal.AsBytes(Numbers).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Column chunks are little-endian.");
        }
        return (positions, numbers, _labels is null ? null : EncodeLabels(_labels.AsSpan(0, Count)));
    }

    public void AppendEncoded(ReadOnlySpan<byte> positions, ReadOnlySpan<byte> numbers, ReadOnlySpan<byte> labels)
    {
        var count = positions.Length / sizeof(long);
        Grow(Count + count);
        MemoryMarshal.Cast<byte, long>(positions).CopyTo(_positions.AsSpan(Count));
        MemoryMarshal.Cast<byte, double>(numbers).CopyTo(_numbers.AsSpan(Count));
        if (!labels.IsEmpty)
        {
            _labels ??= new string?[_positions.Length];
            DecodeLabels(labels, _labels.AsSpan(Count, count));
        }
        Count += count;
    }

    private void Grow(int size)
    {
        if (size <= _positions.Length)
        {
            return;
        }
        var capacity = Math.Max(size, _positions.Length * 2);
        Array.Resize(ref _positions, capacity);
        Array.Resize(ref _numbers, capacity);
        if (_labels is not null)
        {
            Array.Resize(ref _labels, capacity);
        }
    }

    // Each label: a 4-byte little-endian length (−1 for none) and its UTF-8 bytes.
    private static byte[] EncodeLabels(ReadOnlySpan<string?> labels)
    {
        var size = 0;
        foreach (var label in labels)
        {
            size += 4 + (label is null ? 0 : Encoding.UTF8.GetByteCount(label));
        }
        var bytes = new byte[size];
        var at = 0;
        foreach (var label in labels)
        {
            if (label is null)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), -1);
                at += 4;
                continue;
            }
            var written = Encoding.UTF8.GetBytes(label, bytes.AsSpan(at + 4));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), written);
            at += 4 + written;
        }
        return bytes;
    }

    private static void DecodeLabels(ReadOnlySpan<byte> bytes, Span<string?> labels)
    {
        var at = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            at += 4;
            labels[i] = length < 0 ? null : Encoding.UTF8.GetString(bytes.Slice(at, length));
            at += Math.Max(0, length);
        }
    }
}
