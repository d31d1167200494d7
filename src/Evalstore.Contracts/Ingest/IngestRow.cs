using System.Buffers;
using System.Text;
using Evalstore.Core.Model;

namespace Evalstore.Core.Ingest;

/// <summary>One score of one row: the metric key, the score name, the value and whether reasoning came with it.</summary>
public readonly record struct RowScoreEntry(string Metric, string Name, ScoreValue Value);

/// <summary>
/// One validated line of the ingest format, ready to store: its position, its item (raw JSON, stored once per
/// digest), the rest of the line (raw JSON object: sample, metrics, requests, usage, chunks, errors, extra keys)
/// and the score values pulled out of <c>metrics</c>.
/// </summary>
public sealed class IngestRow
{
    private readonly byte[] _item;
    private readonly byte[] _body;

    /// <summary>Creates a row from its parts; <paramref name="item"/> and <paramref name="body"/> are raw UTF-8 JSON.</summary>
    public IngestRow(long? rowIndex, int trial, string digest, ReadOnlySpan<byte> item, ReadOnlySpan<byte> body,
        IReadOnlyList<RowScoreEntry> scores, int errorCount)
    {
        RowIndex = rowIndex;
        Trial = trial;
        Digest = digest;
        // Two exact-size arrays: database drivers bind byte[] without another copy.
        _item = item.ToArray();
        _body = body.ToArray();
        Scores = scores;
        ErrorCount = errorCount;
    }

    /// <summary>Position of the item in the dataset; null until the store assigns the next free index.</summary>
    public long? RowIndex { get; set; }

    /// <summary>Line of the batch this row came from (1-based; 0 when not from a file), for error messages.</summary>
    public long LineNumber { get; set; }

    /// <summary>Trial number of this output for the item (default 0).</summary>
    public int Trial { get; }

    /// <summary>Row digest of the item.</summary>
    public string Digest { get; }

    /// <summary>The item as raw JSON.</summary>
    public ReadOnlyMemory<byte> Item => _item;

    /// <summary>The rest of the line as a raw JSON object, without <c>row_index</c>, <c>item</c>, <c>trial</c>,
    /// <c>row_digest</c>.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Score values in the order they appear in <c>metrics</c>.</summary>
    public IReadOnlyList<RowScoreEntry> Scores { get; }

    /// <summary>Entries in <c>metric_errors</c>.</summary>
    public int ErrorCount { get; }

    /// <summary>Writes the row as one line of the row-scores format (ingest shape plus <c>row_digest</c>), without newline.</summary>
    public void WriteLine(IBufferWriter<byte> output) =>
        RowLine.Write(output, RowIndex, Trial, Digest, Item.Span, Body.Span);

    /// <summary>The row as one JSON line (for diagnostics and tests).</summary>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteLine(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
