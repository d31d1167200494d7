using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Api;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// <c>model_evaluation_runs</c> as far as they concern stored results: list, get (with per-prompt results), delete,
/// cancel, and a presigned link to the result's own export (Evalstore's JSONL, which re-imports losslessly).
/// </summary>
internal static class GradientModelRunEndpoints
{
    /// <summary>Per-prompt results per page of a get, as DigitalOcean documents (<c>genai_get_model_evaluation_run.yml</c>).</summary>
    public const int DefaultResultsPerPage = 50;

    private static readonly string[] s_listParameters =
        ["eval_preset_uuid", "status", "statuses", "candidate_types", "search", "sort_by", "sort_direction", "page", "per_page"];

    public static void MapModelRuns(this RouteGroupBuilder genAi)
    {
        genAi.MapGet("/model_evaluation_runs", ListAsync).WithName("GradientListModelEvaluationRuns");
        genAi.MapGet("/model_evaluation_runs/{evalRunUuid}", GetAsync).WithName("GradientGetModelEvaluationRun");
        genAi.MapDelete("/model_evaluation_runs/{evalRunUuid}", DeleteAsync).WithName("GradientDeleteModelEvaluationRun");
        genAi.MapPut("/model_evaluation_runs/{evalRunUuid}/cancel", CancelAsync).WithName("GradientCancelModelEvaluationRun");
        genAi.MapGet("/model_evaluation_runs/{evalRunUuid}/results/download_url", DownloadUrlAsync)
            .WithName("GradientGetModelEvaluationRunResultsDownloadUrl");
    }

    private static async Task<JsonHttpResult<ApiListModelEvaluationRunsOutput>> ListAsync(HttpContext context, IServerStore store)
    {
        var request = context.Request;
        request.RejectUnknownQuery(s_listParameters);
        var (page, perPage) = GradientPaging.Read(request);
        var statuses = Enums(request, "statuses", GradientModelRuns.Statuses).Concat(Enums(request, "status", GradientModelRuns.Statuses))
            .Where(s => s != GradientModelRuns.Statuses[0]).ToHashSet(StringComparer.Ordinal);
        var candidateTypes = Enums(request, "candidate_types", GradientModelRuns.CandidateTypes);
        var sortBy = One(request, "sort_by", "MODEL_EVALUATION_RUN_SORT_FIELD_UNSPECIFIED",
            ["MODEL_EVALUATION_RUN_SORT_FIELD_UNSPECIFIED", "MODEL_EVALUATION_RUN_SORT_FIELD_CREATED_AT",
                "MODEL_EVALUATION_RUN_SORT_FIELD_STATUS"]);
        var ascending = One(request, "sort_direction", "SORT_DIRECTION_UNSPECIFIED",
            ["SORT_DIRECTION_UNSPECIFIED", "SORT_DIRECTION_ASC", "SORT_DIRECTION_DESC"]) == "SORT_DIRECTION_ASC";
        var preset = request.Query["eval_preset_uuid"].ToString();
        var search = request.Query["search"].ToString();
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);

        var all = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        var matching = all.Where(r =>
                (statuses.Count == 0 || statuses.Contains(GradientModelRuns.Status(r)))
                && (candidateTypes.Count == 0 || candidateTypes.Contains(GradientModelRuns.Serverless))
                && (preset.Length == 0 || string.Equals(GradientModelRuns.PresetUuid(r), preset, StringComparison.OrdinalIgnoreCase))
                && (search.Length == 0 || new[] { GradientRuns.Label(r, "run_name") ?? r.Name, r.Model, r.Dataset }
                    .Any(text => text?.Contains(search, StringComparison.OrdinalIgnoreCase) == true)))
            .ToList();
        // Newest first unless asked otherwise; by status, ties keep creation order.
        IEnumerable<ResultInfo> sorted = sortBy.EndsWith("STATUS", StringComparison.Ordinal)
            ? matching.OrderBy(GradientModelRuns.Status, StringComparer.Ordinal).ThenByDescending(r => r.CreatedAt)
            : matching.OrderByDescending(r => r.CreatedAt);
        if (ascending)
        {
            sorted = sortBy.EndsWith("STATUS", StringComparison.Ordinal)
                ? matching.OrderBy(GradientModelRuns.Status, StringComparer.Ordinal).ThenBy(r => r.CreatedAt)
                : matching.OrderBy(r => r.CreatedAt);
        }
        var pages = GradientPaging.Pages(matching.Count, perPage);
        var skip = (int)Math.Min(int.MaxValue, (long)(page - 1) * perPage);
        var runs = sorted.Skip(skip).Take(perPage).Select(GradientModelRuns.Summary).ToList();
        return GradientEndpoints.Json(new ApiListModelEvaluationRunsOutput(
            all.Count == 0 ? [] : [GradientModelRuns.Serverless],
            all.Select(GradientModelRuns.Status).Distinct().Order(StringComparer.Ordinal).ToList(),
            GradientPaging.Links(request, page, pages, perPage), new ApiMeta(page, pages, matching.Count), runs));
    }

    private static async Task<JsonHttpResult<ApiGetModelEvaluationRunOutput>> GetAsync(string evalRunUuid, HttpContext context,
        IServerStore store)
    {
        var request = context.Request;
        request.RejectUnknownQuery(GradientPaging.Parameters);
        var page = request.QueryInt("page", 1, int.MaxValue) ?? 1;
        var perPage = request.QueryInt("per_page", 1, GradientPaging.MaxPerPage) ?? DefaultResultsPerPage;
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var result = await GradientEndpoints.RequireRunAsync(store, workspace, evalRunUuid, context.RequestAborted);
        var offset = (long)(page - 1) * perPage;
        var prompts = new GradientPrompts(result);
        var results = new List<ApiModelEvaluationResult>(perPage);
        await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery { Offset = offset, Limit = perPage },
            context.RequestAborted))
        {
            var prompt = prompts.ToPrompt(row, offset + results.Count + 1);
            results.Add(new ApiModelEvaluationResult
            {
                CandidateModelName = result.Model ?? "",
                CandidateModelUuid = GradientModelRuns.Summary(result).CandidateModelUuid,
                GroundTruth = prompt.GroundTruth,
                Input = prompt.Input,
                MetricResults = prompt.PromptLevelMetricResults,
                Output = prompt.Output,
            });
        }
        var pages = GradientPaging.Pages(result.RowCount, perPage);
        return GradientEndpoints.Json(new ApiGetModelEvaluationRunOutput(GradientPaging.Links(request, page, pages, perPage),
            new ApiMeta(page, pages, result.RowCount), results, GradientModelRuns.Detail(result)));
    }

    /// <summary>
    /// Deletes a run in a terminal status; a running one answers <c>…_STATUS_FAIL</c> with the reason, as the spec's output allows.
    /// </summary>
    private static async Task<JsonHttpResult<ApiDeleteModelEvaluationRunOutput>> DeleteAsync(string evalRunUuid, HttpContext context,
        IServerStore store)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Write);
        var result = await GradientEndpoints.RequireRunAsync(store, workspace, evalRunUuid, context.RequestAborted);
        if (result.Status == ResultStatus.Running)
        {
            return GradientEndpoints.Json(new ApiDeleteModelEvaluationRunOutput(
                $"Evaluation run '{result.Id}' is still running: cancel it or let it finish, then delete it.",
                "DELETE_MODEL_EVALUATION_RUN_STATUS_FAIL"));
        }
        await store.DeleteResultAsync(workspace, result.Id, context.RequestAborted);
        return GradientEndpoints.Json(new ApiDeleteModelEvaluationRunOutput("", "DELETE_MODEL_EVALUATION_RUN_STATUS_SUCCESS"));
    }

    /// <summary>
    /// Cancels a running result: it fails with <see cref="GradientModelRuns.CancelledMessage"/> and keeps the rows it has.
    /// </summary>
    private static async Task<JsonHttpResult<ApiCancelModelEvaluationRunOutput>> CancelAsync(string evalRunUuid, HttpContext context,
        IServerStore store, ServerOptions options)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Write);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await context.Request.ReadJsonAsync<ApiCancelModelEvaluationRunInput>(options.MaxJsonBytes,
                GradientJson.ReadOptions);
            if (body.EvalRunUuid is { Length: > 0 } named && !string.Equals(named, evalRunUuid, StringComparison.OrdinalIgnoreCase))
            {
                throw EvalstoreException.BadRequest($"'eval_run_uuid' ({named}) is not the run of the path ({evalRunUuid}).");
            }
        }
        var result = await GradientEndpoints.RequireRunAsync(store, workspace, evalRunUuid, context.RequestAborted);
        if (result.Status != ResultStatus.Running)
        {
            throw EvalstoreException.BadRequest(
                $"Evaluation run '{result.Id}' is already {GradientModelRuns.Status(result)}; only a running run can be cancelled.");
        }
        var cancelled = await store.FailResultAsync(workspace, result.Id, GradientModelRuns.CancelledMessage, context.RequestAborted);
        return GradientEndpoints.Json(new ApiCancelModelEvaluationRunOutput(GradientModelRuns.Summary(cancelled)));
    }

    private static async Task<JsonHttpResult<ApiDownloadUrlOutput>> DownloadUrlAsync(string evalRunUuid, HttpContext context,
        IServerStore store, SignedUrls urls)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var result = await GradientEndpoints.RequireRunAsync(store, workspace, evalRunUuid, context.RequestAborted);
        var (url, expires) = SignedDownloadEndpoints.ResultLink(context.Request, urls, workspace, result.Id, "jsonl");
        return GradientEndpoints.Json(new ApiDownloadUrlOutput(url, GradientJson.Time(expires)!));
    }

    private static HashSet<string> Enums(HttpRequest request, string name, string[] allowed)
    {
        var values = request.Query[name].SelectMany(v => (v ?? "").Split(',')).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        var invalid = values.FirstOrDefault(v => !allowed.Contains(v));
        return invalid is null ? values
            : throw EvalstoreException.BadRequest($"'{name}' does not accept '{invalid}'. Allowed: {string.Join(", ", allowed)}.");
    }

    private static string One(HttpRequest request, string name, string fallback, string[] allowed)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? fallback
            : allowed.Contains(value) ? value
            : throw EvalstoreException.BadRequest($"'{name}' does not accept '{value}'. Allowed: {string.Join(", ", allowed)}.");
    }
}
