using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// DigitalOcean Gradient's agent-evaluation API under <c>/v2/gen-ai</c>. DigitalOcean has no workspace in these paths,
/// so they act on the caller's workspace: the API key's, or <c>default</c> on a keyless loopback server.
/// </summary>
internal static class GradientEndpoints
{
    public static void MapGradient(this IEndpointRouteBuilder app)
    {
        var genAi = app.MapGroup("/v2/gen-ai").WithTags("DigitalOcean Gradient");
        genAi.MapGet("/evaluation_runs/{evaluationRunUuid}", GetRunAsync).WithName("GradientGetEvaluationRun");
        genAi.MapGet("/evaluation_runs/{evaluationRunUuid}/results", GetResultsAsync).WithName("GradientGetEvaluationRunResults");
        genAi.MapGet("/evaluation_runs/{evaluationRunUuid}/results/{promptId}", GetPromptAsync).WithName(
            "GradientGetEvaluationRunPromptResults");
        genAi.MapPost("/evaluation_runs", GradientCatalogEndpoints.RunTestCaseAsync).WithName("GradientRunEvaluationTestCase");
        genAi.MapGet("/evaluation_test_cases", GradientCatalogEndpoints.ListTestCasesAsync).WithName("GradientListEvaluationTestCases");
        genAi.MapGet("/evaluation_test_cases/{testCaseUuid}", GradientCatalogEndpoints.GetTestCaseAsync).WithName(
            "GradientGetEvaluationTestCase");
        genAi.MapGet("/evaluation_test_cases/{testCaseUuid}/evaluation_runs", GradientCatalogEndpoints.ListRunsByTestCaseAsync)
            .WithName("GradientListEvaluationRunsByTestCase");
        genAi.MapGet("/evaluation_metrics", GradientCatalogEndpoints.ListMetricsAsync).WithName("GradientListEvaluationMetrics");
        genAi.MapModelRuns();
        genAi.MapDatasets();
        // Anything else under /v2/gen-ai is a 404 in DigitalOcean's error shape, not the native problem document.
        genAi.Map("/{**rest}", (string? rest)
            => Task.FromException<IResult>(EvalstoreException.NotFound($"No such DigitalOcean endpoint: /v2/gen-ai/{rest}.")))
            .ExcludeFromDescription();
    }

    /// <summary>The caller's workspace, after checking the role.</summary>
    public static string Workspace(HttpContext context, KeyRole role)
    {
        var caller = context.Caller();
        var workspace = caller.DefaultWorkspace;
        caller.Demand(workspace, role);
        return workspace;
    }

    /// <summary>A result by its UUID in the caller's workspace, or a 404.</summary>
    public static async Task<ResultInfo> RequireRunAsync(
        IServerStore store, string workspace, string uuid, CancellationToken cancellationToken) =>
        Guid.TryParse(uuid, out var id) && await store.GetResultAsync(workspace, id.ToString(), cancellationToken) is { } result
            ? result
            : throw EvalstoreException.NotFound($"Evaluation run '{uuid}' was not found.");

    public static JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, GradientJson.Options);

    private static async Task<JsonHttpResult<ApiGetEvaluationRunOutput>> GetRunAsync(
        string evaluationRunUuid, HttpContext context, IServerStore store)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = Workspace(context, KeyRole.Read);
        var result = await RequireRunAsync(store, workspace, evaluationRunUuid, context.RequestAborted);
        return Json(new ApiGetEvaluationRunOutput(GradientRuns.ToRun(result)));
    }

    private static async Task<JsonHttpResult<ApiGetEvaluationRunResultsOutput>> GetResultsAsync(
        string evaluationRunUuid, HttpContext context,
        IServerStore store)
    {
        var request = context.Request;
        request.RejectUnknownQuery(GradientPaging.Parameters);
        var (page, perPage) = GradientPaging.Read(request);
        var workspace = Workspace(context, KeyRole.Read);
        var result = await RequireRunAsync(store, workspace, evaluationRunUuid, context.RequestAborted);

        var offset = (long)(page - 1) * perPage;
        var mapper = new GradientPrompts(result);
        var prompts = new List<ApiPrompt>(perPage);
        await foreach (var row in store.ReadRowsAsync(
            workspace, result.Id, new RowQuery { Offset = offset, Limit = perPage }, context.RequestAborted))
        {
            prompts.Add(mapper.ToPrompt(row, offset + prompts.Count + 1));
        }
        var pages = GradientPaging.Pages(result.RowCount, perPage);
        var links = GradientPaging.Links(request, page, pages, perPage);
        return Json(
            new ApiGetEvaluationRunResultsOutput(GradientRuns.ToRun(result), links, new ApiMeta(page, pages, result.RowCount), prompts));
    }

    private static async Task<JsonHttpResult<ApiGetEvaluationRunPromptResultsOutput>> GetPromptAsync(
        string evaluationRunUuid, string promptId,
        HttpContext context, IServerStore store)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = Workspace(context, KeyRole.Read);
        var result = await RequireRunAsync(store, workspace, evaluationRunUuid, context.RequestAborted);
        if (!long.TryParse(promptId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            throw EvalstoreException.BadRequest($"'prompt_id' must be a positive integer, found '{promptId}'.");
        }
        await foreach (var row in store.ReadRowsAsync(
            workspace, result.Id, new RowQuery { Offset = id - 1, Limit = 1 }, context.RequestAborted))
        {
            return Json(new ApiGetEvaluationRunPromptResultsOutput(new GradientPrompts(result).ToPrompt(row, id)));
        }
        throw EvalstoreException.NotFound($"Evaluation run '{evaluationRunUuid}' has no prompt {id} (it has {result.RowCount}).");
    }
}
