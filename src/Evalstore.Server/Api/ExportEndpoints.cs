using Evalstore.Core.Model;
using Evalstore.Formats.Exporting;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.Net.Http.Headers;

namespace Evalstore.Server.Api;

/// <summary>Downloads of a result as JSONL, rows CSV, aggregates CSV or XLSX, streamed from the store to the socket.</summary>
internal static class ExportEndpoints
{
    private static readonly string[] s_parameters = ["format"];

    public static void MapExports(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/results/{result}/export", ExportAsync).WithTags("Exports").WithName("ExportResult")
            .WithSummary(
                "Download a result: format=jsonl (row scores, re-importable), csv (one row per item and trial), aggregates-csv or xlsx.")
            .Produces<string>(200, "application/jsonl", "text/csv", ExportFormats.ContentType(ExportFormat.Xlsx))
            .ProducesProblem(400).ProducesProblem(404);
    }

    private static async Task<IResult> ExportAsync(string workspace, string result, HttpRequest request, IServerStore store)
    {
        request.RejectUnknownQuery(s_parameters);
        var format = ExportFormats.Parse(request.Query["format"].ToString() is { Length: > 0 } f ? f : "jsonl");
        var info = await ResultExporter.RequireAsync(store, workspace, result, request.HttpContext.RequestAborted);
        return new ExportResult(store, workspace, info, format);
    }

    /// <summary>Sets the download headers, then lets the exporter write the body as it reads the rows.</summary>
    private sealed class ExportResult(IServerStore store, string workspace, ResultInfo result, ExportFormat format) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ExportFormats.ContentType(format);
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(ExportFormats.FileName(result.Name, format));
            response.Headers.ContentDisposition = disposition.ToString();
            await ResultExporter.ExportAsync(store, workspace, result, format, response.Body, httpContext.RequestAborted);
        }
    }
}
