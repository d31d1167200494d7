using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Formats;
using Evalstore.Formats.Importing;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Evalstore.Server.Api;

/// <summary>
/// Import of harness outputs over HTTP: the files (multipart/form-data, or one file as the raw body with
/// <c>filename</c>) are spooled to a temporary folder — an .eval zip needs seeking, and lm-eval results find their
/// samples by name beside them — then imported exactly as the CLI does, and the folder is removed.
/// </summary>
internal static class FormatImportEndpoints
{
    private static readonly string[] s_parameters =
        ["format", "replace", "name", "project", "kind", "model", "dataset", "metric", "benchmark", "evaluation", "label", "spec",
            "filename"];

    public static void MapFormatImports(this RouteGroupBuilder workspace)
    {
        workspace.MapPost("/imports/files", ImportAsync).WithTags("Results").WithName("ImportFiles")
            .WithSummary(
                "Import harness files (lm-eval results with samples, inspect .json/.eval, promptfoo, ingest JSONL): " +
                "format=auto|rows|lm-eval|inspect|promptfoo, replace, name, project, kind, model, dataset, metric, benchmark, " +
                "evaluation, label=k=v, spec.")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
    }

    private static async Task<Created<ImportReport>> ImportAsync(string workspace, HttpRequest request, IServerStore store)
    {
        request.RejectUnknownQuery(s_parameters);
        var cancellationToken = request.HttpContext.RequestAborted;
        var options = new ImportOptions
        {
            Format = ImportFormats.Parse(request.Query["format"].ToString()),
            Replace = request.QueryBool("replace"),
            Overrides = Overrides(request),
        };
        var spool = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "evalstore-import-" + Guid.NewGuid().ToString("N")));
        try
        {
            var files = await SpoolAsync(request, spool.FullName, cancellationToken);
            var report = await new FormatImporter(store, workspace).ImportAsync(files, options, null, cancellationToken);
            return TypedResults.Created($"/api/v1/workspaces/{workspace}/results", report);
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }

    private static async Task<List<string>> SpoolAsync(HttpRequest request, string folder, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
                ?? throw EvalstoreException.BadRequest("The multipart body has no boundary.");
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition())
                {
                    var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                    files.Add(await SaveAsync(section.Body, folder, name, files.Count, cancellationToken));
                }
            }
        }
        else if (request.ContentLength is not 0)
        {
            files.Add(await SaveAsync(request.Body, folder, request.Query["filename"].ToString(), 0, cancellationToken));
        }
        return files.Count > 0 ? files
            : throw EvalstoreException.BadRequest("No file in the request: send multipart/form-data files, or one file as the body.");
    }

    private static async Task<string> SaveAsync(Stream body, string folder, string? name, int index, CancellationToken cancellationToken)
    {
        // Only the last segment of a client's file name, so nothing lands outside the spool folder.
        var safe = Path.GetFileName(HeaderUtilities.RemoveQuotes(name ?? "").Value ?? "");
        if (string.IsNullOrWhiteSpace(safe) || safe is "." or "..")
        {
            safe = $"upload-{index}";
        }
        var path = Path.Combine(folder, safe);
        if (File.Exists(path))
        {
            throw EvalstoreException.BadRequest($"Two files are named '{safe}'.");
        }
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await body.CopyToAsync(file, cancellationToken);
        return path;
    }

    private static RunSpec Overrides(HttpRequest request)
    {
        string? Get(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        var spec = new RunSpec { Name = "" };
        if (Get("spec") is { } json)
        {
            try
            {
                spec = EvalstoreJson.Deserialize<RunSpec>(json);
            }
            catch (JsonException e)
            {
                throw EvalstoreException.BadRequest($"'spec' is not a valid run spec: {e.Message}");
            }
        }
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var label in request.Query["label"])
        {
            var eq = label?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (eq <= 0)
            {
                throw EvalstoreException.BadRequest($"'label' must be key=value, found '{label}'.");
            }
            labels[label![..eq]] = label[(eq + 1)..];
        }
        var kind = Get("kind");
        return spec with
        {
            Name = Get("name") ?? spec.Name ?? "",
            Project = Get("project") ?? spec.Project,
            Kind = kind is null ? spec.Kind : Enum.TryParse<ResultKind>(kind, ignoreCase: true, out var parsed) ? parsed
                : throw EvalstoreException.BadRequest($"Unknown kind '{kind}': use metric, benchmark or evaluation."),
            Model = Get("model") ?? spec.Model,
            Dataset = Get("dataset") ?? spec.Dataset,
            Metric = Get("metric") ?? spec.Metric,
            Benchmark = Get("benchmark") ?? spec.Benchmark,
            Evaluation = Get("evaluation") ?? spec.Evaluation,
            Labels = labels,
        };
    }
}
