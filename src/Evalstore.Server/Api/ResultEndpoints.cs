using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>The native result lifecycle: create, append, complete or fail, list, retrieve, delete, aggregates.</summary>
internal static class ResultEndpoints
{
    private static readonly string[] s_listParameters = ["filter", "search", "sort", "page", "page_size", "kind", "count"];

    public static void MapResults(this RouteGroupBuilder workspace)
    {
        var results = workspace.MapGroup("/results").WithTags("Results");
        results.MapPost("/", CreateAsync).WithName("CreateResult").WithSummary("Create a running result (an evaluation run).")
            .ProducesProblem(400).ProducesProblem(409);
        results.MapGet("/", ListAsync).WithName("ListResults")
            .WithSummary("List results: filter (JSON, bracket or text syntax), sort, page, page_size; count=true for exact totals.")
            .ProducesProblem(400);
        results.MapGet("/{result}", GetAsync).WithName("GetResult").WithSummary("Retrieve a result by UUID or name, with its aggregates.")
            .ProducesProblem(404);
        results.MapDelete("/{result}", DeleteAsync).WithName("DeleteResult").WithSummary("Delete a result.").ProducesProblem(404);
        results.MapPost("/{result}/rows", AppendAsync).WithName("AppendRows")
            .WithSummary("Append a batch of rows (JSONL body); all or nothing; Idempotency-Key makes retries safe.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        results.MapPost("/{result}/complete", CompleteAsync).WithName("CompleteResult")
            .WithSummary("Compute and store all aggregates; the result becomes immutable.").ProducesProblem(404).ProducesProblem(409);
        results.MapPost("/{result}/fail", FailAsync).WithName("FailResult").WithSummary("Mark a running result failed.")
            .ProducesProblem(404).ProducesProblem(409);
        results.MapGet("/{result}/aggregates", AggregatesAsync).WithName("GetAggregates")
            .WithSummary("Aggregate scores per metric and score.").ProducesProblem(404);

        workspace.MapPost("/imports", ImportAsync).WithTags("Results").WithName("ImportResult")
            .WithSummary("Import a whole JSONL file as one completed result; run metadata in the query string.")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
        workspace.MapPost("/imports/batch", ImportBatchAsync).WithTags("Results").WithName("ImportResults")
            .WithSummary("Import many results in one transaction: NDJSON, one {\"spec\": …, \"rows\": […]} per line; all or none.")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
    }

    private static async Task<Created<ResultInfo>> CreateAsync(
        string workspace, HttpRequest request, IServerStore store, ServerOptions options)
    {
        var spec = await request.ReadJsonAsync<RunSpec>(options.MaxJsonBytes);
        var created = await store.CreateResultAsync(workspace, spec, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/results/{created.Id}", created);
    }

    private static async Task<Ok<ResultListResponse>> ListAsync(string workspace, HttpRequest request, IServerStore store)
    {
        var filter = FilterQuery.Read(request, s_listParameters);
        var kind = request.Query["kind"].ToString() is { Length: > 0 } k
            ? Enum.TryParse<ResultKind>(k, ignoreCase: true, out var parsed) ? parsed
                : throw EvalstoreException.BadRequest($"Unknown kind '{k}': use metric, benchmark or evaluation.")
            : (ResultKind?)null;
        var query = new ResultQuery
        {
            Filter = filter,
            Sort = request.Query["sort"].ToString() is { Length: > 0 } sort ? sort : "-created_at",
            Page = request.QueryInt("page", 1, int.MaxValue) ?? 1,
            PageSize = request.QueryInt("page_size", 1, ResultQuery.MaxPageSize) ?? 100,
            Kind = kind,
            // Counting every match costs the whole match set; a client asks for it (the SDK does, for exact totals).
            Count = request.QueryBool("count"),
        };
        var page = await store.ListResultsAsync(workspace, query, request.HttpContext.RequestAborted);
        return TypedResults.Ok(ResultListResponse.From(page, query.Sort));
    }

    private static async Task<Ok<ResultInfo>> GetAsync(
        string workspace, string result, IServerStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.RequireResultAsync(workspace, result, cancellationToken));

    private static async Task<NoContent> DeleteAsync(
        string workspace, string result, IServerStore store, CancellationToken cancellationToken)
    {
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        await store.DeleteResultAsync(workspace, info.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AppendOutcome>> AppendAsync(
        string workspace, string result, HttpRequest request, IServerStore store, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200)
        {
            throw EvalstoreException.BadRequest("The Idempotency-Key header is longer than 200 characters.");
        }
        // With a key, the body is hashed as it streams past the parser: a reused key is then told apart from a retry.
        await using var body = key.Length > 0 ? new HashingStream(request.Body) : null;
        var rows = JsonlRows.ReadAsync(body ?? request.Body, new RowParser(info.Metrics), options.MaxLineBytes, cancellationToken)
            .RequireRows(cancellationToken);
        var outcome = await store.AppendBatchAsync(workspace, info.Id, rows, body is null ? null : new IdempotencyKey(key, body),
            cancellationToken);
        return TypedResults.Ok(outcome);
    }

    private static async Task<Ok<ResultInfo>> CompleteAsync(
        string workspace, string result, IServerStore store, CancellationToken cancellationToken)
    {
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        return TypedResults.Ok(await store.CompleteResultAsync(workspace, info.Id, cancellationToken));
    }

    private static async Task<Ok<ResultInfo>> FailAsync(
        string workspace, string result, HttpRequest request, IServerStore store, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        var body = request.ContentLength is null or > 0 ? await request.ReadJsonAsync<FailRequest>(options.MaxJsonBytes)
            : new FailRequest(null);
        return TypedResults.Ok(await store.FailResultAsync(workspace, info.Id, body.Error ?? "failed", cancellationToken));
    }

    private static async Task<Ok<AggregatesResponse>> AggregatesAsync(
        string workspace, string result, IServerStore store, CancellationToken cancellationToken)
    {
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        return TypedResults.Ok(new AggregatesResponse(info.Id, info.Name, info.Status, info.Scores));
    }

    private static async Task<Created<ResultInfo>> ImportAsync(
        string workspace, HttpRequest request, IServerStore store, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (spec, body) = await ImportBody.ReadAsync(request, options, cancellationToken);
        var rows = JsonlRows.ReadAsync(body, new RowParser(RunSpecRules.Normalize(spec).Metrics), options.MaxLineBytes, cancellationToken)
            .RequireRows(cancellationToken);
        var created = await store.ImportResultAsync(workspace, spec, rows, cancellationToken);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/results/{created.Id}", created);
    }

    private static async Task<Created<ImportBatchResponse>> ImportBatchAsync(
        string workspace, HttpRequest request, IServerStore store, ServerOptions options)
    {
        request.RejectUnknownQuery([]);
        var cancellationToken = request.HttpContext.RequestAborted;
        // A line holds a whole result, so it may be as large as a rows file's line limit allows for a JSON body too.
        var lineLimit = Math.Max(options.MaxLineBytes, options.MaxJsonBytes);
        var created = await store.ImportResultsAsync(workspace, ImportBatchReader.ReadAsync(request.Body, lineLimit, cancellationToken),
            cancellationToken);
        return created.Count > 0
            ? TypedResults.Created($"/api/v1/workspaces/{workspace}/results", new ImportBatchResponse(created))
            : throw EvalstoreException.BadRequest("The batch holds no result: send NDJSON, one {\"spec\": …, \"rows\": […]} per line.");
    }
}

/// <summary>Answer of a batch import: every result created, in the order of the batch.</summary>
internal sealed record ImportBatchResponse(IReadOnlyList<ResultInfo> Data);

/// <summary>Body of <c>POST …/fail</c>.</summary>
internal sealed record FailRequest(string? Error);

/// <summary>Aggregates of one result.</summary>
internal sealed record AggregatesResponse(Guid Id, string Name, ResultStatus Status, IReadOnlyList<ScoreAggregate> Scores);
