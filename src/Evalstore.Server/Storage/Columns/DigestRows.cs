using Evalstore.Core.Aggregation;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Server.Storage.Columns;

/// <summary>
/// A result's row positions and digests as the row chunks hold them (digests as raw bytes, not strings), sorted by
/// position, and the scores placed over those rows: what <see cref="ItemColumns"/> needs for a join.
/// </summary>
internal sealed class DigestRows
{
    private long[] _positions = [];
    private byte[] _digests = [];
    private int _count;

    /// <summary>
    /// The scores a compare key picks: all, one metric's, or one score; a name alone matches a score of any metric when no
    /// metric has that name (as <see cref="IServerStore.ReadScoreItemsAsync"/> selects).
    /// </summary>
    public static List<ScoreKey> Select(IReadOnlyList<ScoreKey> keys, string? metric, string? score)
    {
        var selected = keys.Where(k => (metric is null || k.Metric == metric) && (score is null || k.Name == score)).ToList();
        return selected.Count == 0 && metric is not null && score is null ? keys.Where(k => k.Name == metric).ToList() : selected;
    }

    public void AppendEncoded(ReadOnlySpan<byte> positions, ReadOnlySpan<byte> digests)
    {
        var count = positions.Length / sizeof(long);
        if (_count + count > _positions.Length)
        {
            var capacity = Math.Max(_count + count, _positions.Length * 2);
            Array.Resize(ref _positions, capacity);
            Array.Resize(ref _digests, capacity * RowDigest.Length);
        }
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(positions).CopyTo(_positions.AsSpan(_count));
        digests.CopyTo(_digests.AsSpan(_count * RowDigest.Length));
        _count += count;
    }

    /// <summary>The selected scores over these rows (each column sorted by position here).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ItemColumns Columns(IReadOnlyList<(ScoreKey Key, ScoreColumn Column)> scores)
    {
        SortByPosition();
        var positions = _positions.AsSpan(0, _count);
        var columns = new List<ItemColumn>(scores.Count);
        foreach (var (key, column) in scores)
        {
            column.SortByPosition();
            var values = column.Positions;
            var rows = new int[values.Length];
            var rowIndexes = new long[values.Length];
            var at = 0;
            for (var i = 0; i < values.Length; i++)
            {
                // Both are in position order and every value belongs to a row: its row is at or after the last one.
                while (positions[at] < values[i])
                {
                    at++;
                }
                rows[i] = at;
                rowIndexes[i] = RowPosition.RowIndex(values[i]);
            }
            columns.Add(new ItemColumn(key.Metric, key.Name, rows, rowIndexes, column.Numbers.ToArray()));
        }
        var digests = _digests.Length == _count * RowDigest.Length ? _digests : _digests[..(_count * RowDigest.Length)];
        return new ItemColumns(digests, columns);
    }

    private void SortByPosition()
    {
        var positions = _positions.AsSpan(0, _count);
        var sorted = true;
        for (var i = 1; i < positions.Length && sorted; i++)
        {
            sorted = positions[i - 1] <= positions[i];
        }
        if (sorted)
        {
            return;
        }
        // Rows appended out of order: sort the positions and move each digest with its position.
        var order = new int[_count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var keys = positions.ToArray();
        Array.Sort(keys, order);
        var digests = new byte[_count * RowDigest.Length];
        for (var i = 0; i < order.Length; i++)
        {
            _digests.AsSpan(order[i] * RowDigest.Length, RowDigest.Length).CopyTo(digests.AsSpan(i * RowDigest.Length));
        }
        _positions = keys;
        _digests = digests;
    }
}
