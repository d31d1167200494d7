using Evalstore.Core.Model;

namespace Evalstore.Server.Http;

/// <summary>Streams rows as JSONL straight from the store to the socket: one line per row, never the whole result in memory.</summary>
internal sealed class JsonlStream(IAsyncEnumerable<RowRecord> rows, string contentType = JsonlStream.ContentType) : IResult
{
    public const string ContentType = "application/jsonl";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        // Read the first row before committing to 200, so that a bad filter still gets a proper error response.
        var hasRow = await enumerator.MoveNextAsync();
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = contentType;
        var writer = httpContext.Response.BodyWriter;
        var pending = 0L;
        while (hasRow)
        {
            var json = enumerator.Current.Json.Span;
            var span = writer.GetSpan(json.Length + 1);
            json.CopyTo(span);
            span[json.Length] = (byte)'\n';
            writer.Advance(json.Length + 1);
            pending += json.Length + 1;
            if (pending >= 64 * 1024)
            {
                await writer.FlushAsync(cancellationToken);
                pending = 0;
            }
            hasRow = await enumerator.MoveNextAsync();
        }
        await writer.FlushAsync(cancellationToken);
    }
}
