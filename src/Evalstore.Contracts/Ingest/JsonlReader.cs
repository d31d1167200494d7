using System.Buffers;
using System.Runtime.CompilerServices;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Splits a UTF-8 JSONL stream into lines without holding more than one line (plus a read buffer) in memory.
/// Blank lines are skipped but counted, so error messages name the line a text editor shows.
/// </summary>
public static class JsonlReader
{
    /// <summary>Default limit on one line: 16 MiB.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Yields each non-blank line with its 1-based number. The memory of a line is only valid until the next one
    /// is requested.
    /// </summary>
    public static async IAsyncEnumerable<(ReadOnlyMemory<byte> Line, long Number)> ReadLinesAsync(Stream stream,
        int maxLineBytes = DefaultMaxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var start = 0;
            var end = 0;
            long number = 0;
            var eof = false;
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    if (eof)
                    {
                        if (end > start)
                        {
                            number++;
                            var last = Trim(buffer.AsMemory(start, end - start));
                            if (!last.IsEmpty)
                            {
                                yield return (last, number);
                            }
                        }
                        yield break;
                    }
                    if (end - start > maxLineBytes)
                    {
                        throw LineTooLong(number + 1, maxLineBytes);
                    }
                    // Make room: move the partial line to the front, grow when one line fills the buffer.
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                    if (read == 0)
                    {
                        eof = true;
                    }
                    end += read;
                    continue;
                }
                number++;
                if (newline > maxLineBytes)
                {
                    throw LineTooLong(number, maxLineBytes);
                }
                var line = Trim(buffer.AsMemory(start, newline));
                start += newline + 1;
                if (!line.IsEmpty)
                {
                    yield return (line, number);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var from = 0;
        var to = span.Length;
        // A UTF-8 byte order mark may open the file.
        if (span.StartsWith("\uFEFF"u8))
        {
            from = 3;
        }
        while (from < to && span[from] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            from++;
        }
        while (to > from && span[to - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            to--;
        }
        return line[from..to];
    }

    private static EvalstoreException LineTooLong(long number, int maxLineBytes) =>
        EvalstoreException.TooLarge($"line {number}: longer than the limit of {maxLineBytes} bytes").With("line", number);
}
