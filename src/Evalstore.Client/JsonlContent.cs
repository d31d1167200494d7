using System.Buffers;
using System.Net;
using Evalstore.Core.Ingest;

namespace Evalstore.Client;

/// <summary>A request body that writes rows as JSONL while they are produced, so an upload never sits in memory.</summary>
internal sealed class JsonlContent : HttpContent
{
    private readonly IAsyncEnumerable<IngestRow> _rows;

    public JsonlContent(IAsyncEnumerable<IngestRow> rows)
    {
        _rows = rows;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/jsonl");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        await foreach (var row in _rows.WithCancellation(cancellationToken))
        {
            row.WriteLine(buffer);
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 192 * 1024)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
