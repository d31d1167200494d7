using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Assembles a row-scores line from stored parts without parsing them: <c>row_index</c>, <c>trial</c>,
/// <c>row_digest</c>, <c>item</c>, then the stored body's members. This keeps exports at copy speed.
/// </summary>
public static class RowLine
{
    /// <summary>
    /// Writes <c>{"row_index":…,"trial":…,"row_digest":"…","item":…,&lt;body members&gt;}</c>; a row not yet given an
    /// index (on its way to a store that assigns one) is written without <c>row_index</c>.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, long? rowIndex, int trial, string digest,
        ReadOnlySpan<byte> item, ReadOnlySpan<byte> body)
    {
        var size = 64 + digest.Length + item.Length + body.Length;
        var span = output.GetSpan(size);
        var n = 0;
        int written;
        if (rowIndex is { } index)
        {
            n += Copy("{\"row_index\":"u8, span[n..]);
            Utf8Formatter.TryFormat(index, span[n..], out written);
            n += written;
            n += Copy(",\"trial\":"u8, span[n..]);
        }
        else
        {
            n += Copy("{\"trial\":"u8, span[n..]);
        }
        Utf8Formatter.TryFormat(trial, span[n..], out written);
        n += written;
        n += Copy(",\"row_digest\":\""u8, span[n..]);
        n += Encoding.ASCII.GetBytes(digest, span[n..]);
        n += Copy("\",\"item\":"u8, span[n..]);
        n += Copy(item, span[n..]);
        // The body is a JSON object; splice its members after the item.
        var inner = body.Trim(" \t\r\n"u8);
        if (inner.Length > 2)
        {
            span[n++] = (byte)',';
            n += Copy(inner[1..^1], span[n..]);
        }
        span[n++] = (byte)'}';
        output.Advance(n);
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
