using System.Buffers;
using System.Net;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;

namespace Evalstore.Client;

/// <summary>
/// A batch import body, written while the results are produced: NDJSON with one result per line,
/// <c>{"spec": {…}, "rows": [row, …]}</c> (the format <c>POST …/imports/batch</c> reads).
/// </summary>
internal sealed class ImportBatchContent : HttpContent
{
    private readonly IAsyncEnumerable<ResultImport> _imports;

    public ImportBatchContent(IAsyncEnumerable<ResultImport> imports)
    {
        _imports = imports;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        await foreach (var import in _imports.WithCancellation(cancellationToken))
        {
            buffer.Write("{\"spec\":"u8);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                JsonSerializer.Serialize(writer, import.Spec, EvalstoreJson.Options);
            }
            buffer.Write(",\"rows\":["u8);
            var first = true;
            await foreach (var row in import.Rows.WithCancellation(cancellationToken))
            {
                if (!first)
                {
                    buffer.Write(","u8);
                }
                first = false;
                row.WriteLine(buffer);
            }
            buffer.Write("]}\n"u8);
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
