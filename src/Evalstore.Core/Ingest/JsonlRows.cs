using System.Runtime.CompilerServices;

namespace Evalstore.Core.Ingest;

/// <summary>Parses a JSONL stream into rows line by line (the line splitting is the contracts' <see cref="JsonlReader"/>).</summary>
public static class JsonlRows
{
    /// <summary>Reads and validates every row of the stream.</summary>
    public static async IAsyncEnumerable<IngestRow> ReadAsync(Stream stream, RowParser parser,
        int maxLineBytes = JsonlReader.DefaultMaxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (line, number) in JsonlReader.ReadLinesAsync(stream, maxLineBytes, cancellationToken))
        {
            yield return parser.Parse(line, number);
        }
    }
}
