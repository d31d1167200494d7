using System.Buffers;
using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Weave's list responses: <c>application/jsonl</c>, one object per line, serialized as the items stream in (each
/// item may borrow JSON that is only valid until the next one is read).
/// </summary>
internal sealed class JsonLinesResult<T>(IAsyncEnumerable<T> items) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        // The first item is read before the status is sent, so that a failure still gets a proper error response.
        var hasItem = await enumerator.MoveNextAsync();
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/jsonl";
        var output = httpContext.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(output, WeaveJson.Writer);
        var pending = 0L;
        while (hasItem)
        {
            JsonSerializer.Serialize(writer, enumerator.Current, WeaveJson.Options);
            writer.Flush();
            pending += writer.BytesCommitted + 1;
            writer.Reset();
            output.Write("\n"u8);
            if (pending >= 64 * 1024)
            {
                await output.FlushAsync(cancellationToken);
                pending = 0;
            }
            hasItem = await enumerator.MoveNextAsync();
        }
        await output.FlushAsync(cancellationToken);
    }
}
