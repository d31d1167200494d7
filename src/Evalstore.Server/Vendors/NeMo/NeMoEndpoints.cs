using System.Text.Json.Nodes;
using Evalstore.Contracts.NeMo;
using Evalstore.Core.Model;
using Evalstore.Core;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// NeMo Evaluator's job-result API under <c>/apis/evaluation/v2/workspaces/{workspace}</c>: metric and benchmark job
/// results (list, retrieve, delete) and their aggregate-score and row-score downloads. A result is addressed by its
/// name, which is its job's name; only completed results of the matching kind exist here.
/// </summary>
internal static class NeMoEndpoints
{
    private static readonly string[] s_retrieveParameters = ["aggregate_fields"];

    public static void MapNeMo(this IEndpointRouteBuilder app)
    {
        var workspace = app.MapGroup("/apis/evaluation/v2/workspaces/{workspace}").WithTags("NeMo Evaluator").WithWorkspaceAccess();
        foreach (var kind in NeMoKind.All)
        {
            workspace.MapGet($"/{kind.ResultsPath}", (string workspace, HttpRequest request, IServerStore store)
                => ListAsync(kind, workspace, request, store))
                .WithName($"NeMoList{kind.Name}JobResults");
            workspace.MapGet($"/{kind.ResultsPath}/{{name}}", (string workspace, string name, HttpRequest request, IServerStore store) =>
                RetrieveAsync(kind, workspace, name, request, store)).WithName($"NeMoRetrieve{kind.Name}JobResult");
            workspace.MapDelete($"/{kind.ResultsPath}/{{name}}", (string workspace, string name, HttpRequest request, IServerStore store) =>
                DeleteAsync(kind, workspace, name, request, store)).WithName($"NeMoDelete{kind.Name}JobResult");
            workspace.MapGet(
                $"/{kind.JobsPath}/{{job}}/results/aggregate-scores/download", (string workspace, string job, HttpRequest request,
                IServerStore store) => AggregateScoresAsync(kind, workspace, job, request, store)).WithName(
                    $"NeMo{kind.Name}AggregateScores");
            workspace.MapGet($"/{kind.JobsPath}/{{job}}/results/row-scores/download", (string workspace, string job, HttpRequest request,
                IServerStore store) => RowScoresAsync(kind, workspace, job, request, store)).WithName($"NeMo{kind.Name}RowScores")
                .Produces<string>(200, JsonlStream.ContentType);
            MapResultFiles(workspace, kind);
        }
    }

    // The job's results as NeMo's generic job-result files; literal routes (aggregate-scores, row-scores, artifacts)
    // win over {name}, and they are the same files.
    private static void MapResultFiles(RouteGroupBuilder workspace, NeMoKind kind)
    {
        var results = $"/{kind.JobsPath}/{{job}}/results";
        workspace.MapGet(results, async (string workspace, string job, HttpRequest request, IServerStore store) =>
        {
            NeMoQuery.Reject(request, []);
            var result = await RequireAsync(kind, store, workspace, job, request.HttpContext.RequestAborted);
            var data = NeMoJobResultFiles.Names.Select(n => (JsonNode)NeMoJobResultFiles.Describe(request, kind, result, n)).ToArray();
            return TypedResults.Json(new JsonObject { ["data"] = new JsonArray(data) }, NeMoJson.Options);
        }).WithName($"NeMoList{kind.Name}JobResultFiles");
        workspace.MapGet(results + "/{name}", async (string workspace, string job, string name, HttpRequest request, IServerStore store) =>
        {
            NeMoQuery.Reject(request, []);
            var result = await RequireAsync(kind, store, workspace, job, request.HttpContext.RequestAborted);
            var file = NeMoJobResultFiles.Describe(request, kind, result, NeMoJobResultFiles.Require(name));
            return TypedResults.Json(file, NeMoJson.Options);
        }).WithName($"NeMoRetrieve{kind.Name}JobResultFile");
        workspace.MapGet(results + "/{name}/download", async (string workspace, string job, string name, HttpRequest request,
            IServerStore store) =>
        {
            NeMoQuery.Reject(request, []);
            var result = await RequireAsync(kind, store, workspace, job, request.HttpContext.RequestAborted);
            var file = NeMoJobResultFiles.Require(name);
            var type = file == NeMoJobResultFiles.RowScores ? JsonlStream.ContentType : "application/json";
            return new Download(type, NeMoJobResultFiles.FileName(file),
                (body, token) => NeMoJobResultFiles.WriteAsync(kind, file, store, result, body, token));
        }).WithName($"NeMoDownload{kind.Name}JobResultFile");
        workspace.MapGet(results + "/artifacts/download", async (string workspace, string job, HttpRequest request, IServerStore store) =>
        {
            NeMoQuery.Reject(request, []);
            var result = await RequireAsync(kind, store, workspace, job, request.HttpContext.RequestAborted);
            return new Download("application/x-tar", $"{result.Name}-results.tar",
                (body, token) => NeMoJobResultFiles.WriteArchiveAsync(kind, store, result, body, token));
        }).WithName($"NeMo{kind.Name}Artifacts");
    }

    /// <summary>A file download: headers first, then the writer streams the body.</summary>
    private sealed class Download(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);
            response.Headers.ContentDisposition = disposition.ToString();
            await write(response.Body, httpContext.RequestAborted);
        }
    }

    private static async Task<JsonHttpResult<JobResultPage<object>>> ListAsync(
        NeMoKind kind, string workspace, HttpRequest request, IServerStore store)
    {
        var query = NeMoQuery.List(request, kind.Kind);
        var fields = NeMoQuery.AggregateFields(request);
        var page = await store.ListResultsAsync(workspace, query, request.HttpContext.RequestAborted);
        // Items typed object, so that each is written as its own kind with every field.
        var json = new JobResultPage<object>(
            [.. page.Data.Select(r => kind.ToJobResult(r, fields))],
            new PaginationInfo(page.Page, page.PageSize, page.Data.Count, page.TotalPages, page.TotalResults),
            query.Sort);
        return TypedResults.Json(json, NeMoJson.Options);
    }

    private static async Task<JsonHttpResult<object>> RetrieveAsync(
        NeMoKind kind, string workspace, string name, HttpRequest request, IServerStore store)
    {
        NeMoQuery.Reject(request, s_retrieveParameters);
        var fields = NeMoQuery.AggregateFields(request);
        var result = await RequireAsync(kind, store, workspace, name, request.HttpContext.RequestAborted);
        return TypedResults.Json<object>(kind.ToJobResult(result, fields), NeMoJson.Options);
    }

    private static async Task<JsonHttpResult<JsonObject>> DeleteAsync(
        NeMoKind kind, string workspace, string name, HttpRequest request, IServerStore store)
    {
        NeMoQuery.Reject(request, []);
        var result = await RequireAsync(kind, store, workspace, name, request.HttpContext.RequestAborted);
        await store.DeleteResultAsync(workspace, result.Id, request.HttpContext.RequestAborted);
        var json = new JsonObject
        {
            ["id"] = result.Id.ToString(),
            ["name"] = result.Name,
            ["workspace"] = workspace,
            ["message"] = $"{kind.Name} job result '{result.Name}' was deleted.",
        };
        return TypedResults.Json(json, NeMoJson.Options);
    }

    private static async Task<JsonHttpResult<object>> AggregateScoresAsync(
        NeMoKind kind, string workspace, string job, HttpRequest request,
        IServerStore store)
    {
        NeMoQuery.Reject(request, []);
        var result = await RequireAsync(kind, store, workspace, job, request.HttpContext.RequestAborted);
        return TypedResults.Json(kind.ToAggregate(result), NeMoJson.Options);
    }

    private static async Task<IResult> RowScoresAsync(NeMoKind kind, string workspace, string job, HttpRequest request, IServerStore store)
    {
        NeMoQuery.Reject(request, []);
        var result = await RequireAsync(kind, store, workspace, job, request.HttpContext.RequestAborted);
        // NeMo's RowScore with NeMo's value domain; the native export keeps the stored rows losslessly.
        var rows = store.ReadRowsAsync(workspace, result.Id, new RowQuery(), request.HttpContext.RequestAborted);
        return new NeMoRowScores.Download(rows, result);
    }

    private static async Task<ResultInfo> RequireAsync(
        NeMoKind kind, IServerStore store, string workspace, string name, CancellationToken cancellationToken)
    {
        var result = await store.GetResultAsync(workspace, name, cancellationToken);
        return result is { Status: ResultStatus.Completed } && result.Kind == kind.Kind
            ? result
            : throw EvalstoreException.NotFound($"{kind.Name} job result '{name}' was not found in workspace '{workspace}'.");
    }
}
