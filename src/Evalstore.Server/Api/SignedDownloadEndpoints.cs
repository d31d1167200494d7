using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Formats.Exporting;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.Net.Http.Headers;

namespace Evalstore.Server.Api;

/// <summary>
/// Downloads reached by a presigned link instead of an API key (what DigitalOcean's <c>download_url</c> answers point
/// at): a result's own export, or the items of the dataset a result was run on. The signature names the exact path
/// and query, so a link opens one download of one workspace until it expires; a bad or expired link is a 403.
/// </summary>
internal static class SignedDownloadEndpoints
{
    public static void MapSignedDownloads(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup(SignedUrls.DownloadPrefix + "/{workspace}").WithTags("Exports").ExcludeFromDescription();
        downloads.MapGet("/results/{result}", ResultAsync).WithName("SignedResultDownload");
        downloads.MapGet("/datasets/{result}", DatasetAsync).WithName("SignedDatasetDownload");
    }

    /// <summary>A signed link to a result's export in <paramref name="format"/> (an export format name).</summary>
    public static (string Url, DateTimeOffset ExpiresAt) ResultLink(HttpRequest request, SignedUrls urls, string workspace, Guid result,
        string format) =>
        urls.Sign(request, Path(workspace, "results", result), $"?format={Uri.EscapeDataString(format)}");

    /// <summary>A signed link to the items (one JSON object per line, in row order) of the dataset a result ran on.</summary>
    public static (string Url, DateTimeOffset ExpiresAt) DatasetLink(HttpRequest request, SignedUrls urls, string workspace, Guid result) =>
        urls.Sign(request, Path(workspace, "datasets", result), "");

    private static PathString Path(string workspace, string kind, Guid result) =>
        new($"{SignedUrls.DownloadPrefix}/{workspace}/{kind}/{result}");

    private static async Task<IResult> ResultAsync(string workspace, Guid result, HttpRequest request, IServerStore store, SignedUrls urls)
    {
        urls.Verify(request);
        var format = ExportFormats.Parse(request.Query["format"].ToString() is { Length: > 0 } f ? f : "jsonl");
        var info = await ResultExporter.RequireAsync(store, workspace, result.ToString(), request.HttpContext.RequestAborted);
        return new Download(ExportFormats.ContentType(format), ExportFormats.FileName(info.Name, format),
            (body, token) => ResultExporter.ExportAsync(store, workspace, info, format, body, token));
    }

    private static async Task<IResult> DatasetAsync(string workspace, Guid result, HttpRequest request, IServerStore store, SignedUrls urls)
    {
        urls.Verify(request);
        var info = await store.GetResultAsync(workspace, result.ToString(), request.HttpContext.RequestAborted)
            ?? throw EvalstoreException.NotFound($"Result '{result}' was not found in workspace '{workspace}'.");
        return new Download(JsonlStream.ContentType, $"{info.Dataset ?? info.Name}.jsonl".Replace('/', '_'),
            (body, token) => DatasetItems.WriteAsync(store, workspace, info.Id, body, token));
    }

    /// <summary>Sets the download headers, then lets the writer stream the body.</summary>
    private sealed class Download(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);
            response.Headers.ContentDisposition = disposition.ToString();
            await write(response.Body, httpContext.RequestAborted);
        }
    }
}

/// <summary>A dataset as Evalstore holds it: the item of each row (first trial), one JSON object per line, in row order.</summary>
internal static class DatasetItems
{
    private static readonly byte[] s_newline = [(byte)'\n'];

    public static async Task WriteAsync(IServerStore store, string workspace, Guid result, Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new System.Text.Json.Utf8JsonWriter(body);
        long? last = null;
        await foreach (var row in store.ReadRowsAsync(workspace, result, new RowQuery(), cancellationToken))
        {
            if (row.RowIndex == last)
            {
                continue; // a later trial of the same item
            }
            last = row.RowIndex;
            using var document = row.Parse();
            if (document.RootElement.TryGetProperty("item", out var item))
            {
                item.WriteTo(writer);
                await writer.FlushAsync(cancellationToken);
                writer.Reset();
                await body.WriteAsync(s_newline, cancellationToken);
            }
        }
    }
}
