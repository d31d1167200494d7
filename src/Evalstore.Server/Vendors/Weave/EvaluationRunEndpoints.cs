using System.Globalization;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Weave;

/// <summary><c>/v2/{entity}/{project}/evaluation_runs</c>: list (JSONL), read, create, finish, delete.</summary>
internal static class EvaluationRunEndpoints
{
    public static void MapEvaluationRuns(this RouteGroupBuilder weave)
    {
        weave.MapGet("/evaluation_runs", List).WithName("WeaveEvaluationRunList")
            .WithSummary("List evaluation runs as JSONL; filters evaluations, models, evaluation_run_ids (repeatable); limit, offset.");
        weave.MapGet("/evaluation_runs/{runId}", ReadAsync).WithName("WeaveEvaluationRunRead").WithSummary("Read one evaluation run.");
        weave.MapPost("/evaluation_runs", CreateAsync).WithName("WeaveEvaluationRunCreate").WithSummary("Create a running evaluation run.");
        weave.MapPost("/evaluation_runs/{runId}/finish", FinishAsync).WithName("WeaveEvaluationRunFinish")
            .WithSummary("Finish a run: its predictions and scores become rows and the result completes.");
        weave.MapDelete("/evaluation_runs", DeleteAsync).WithName("WeaveEvaluationRunDelete").WithSummary("Delete evaluation runs.");
    }

    private static JsonLinesResult<EvaluationRunRead> List(
        string entity, string project, HttpRequest request, WeaveRuns runs, RunReads reads)
    {
        var filter = new RunFilter(request.List("evaluations"), request.List("models"), request.List("evaluation_run_ids"));
        var offset = request.NonNegative("offset") ?? 0;
        var limit = request.NonNegative("limit");
        return new JsonLinesResult<EvaluationRunRead>(
            ReadAllAsync(entity, project, filter, offset, limit, runs, reads, request.HttpContext.RequestAborted));
    }

    private static async IAsyncEnumerable<EvaluationRunRead> ReadAllAsync(
        string entity, string project, RunFilter filter, long offset, long? limit,
        WeaveRuns runs, RunReads reads, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var run in runs.ListAsync(entity, project, filter, offset, limit, cancellationToken))
        {
            yield return await reads.ReadAsync(entity, run, cancellationToken);
        }
    }

    private static async Task<JsonHttpResult<EvaluationRunRead>> ReadAsync(
        string entity, string project, string runId, WeaveRuns runs, RunReads reads,
        CancellationToken cancellationToken)
    {
        var run = await runs.RequireAsync(entity, project, runId, cancellationToken);
        return TypedResults.Json(await reads.ReadAsync(entity, run, cancellationToken), WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<EvaluationRunCreated>> CreateAsync(string entity, string project, HttpRequest request,
        IServerStore store, ServerOptions options)
    {
        var body = await WeaveBody.ReadAsync<EvaluationRunCreateBody>(request, options.MaxJsonBytes);
        var labels = new Dictionary<string, string>();
        if (body.SourceEvaluationRunId is { Length: > 0 } source)
        {
            labels[RunReads.SourceRunLabel] = source;
        }
        var spec = new RunSpec
        {
            Name = RunName(body.Evaluation, body.Model, options.Clock.GetUtcNow()),
            Project = project,
            Kind = ResultKind.Evaluation,
            Evaluation = body.Evaluation.Length > 0 ? body.Evaluation : null,
            Model = body.Model.Length > 0 ? body.Model : null,
            Labels = labels,
        };
        var created = await store.CreateResultAsync(entity, spec, request.HttpContext.RequestAborted);
        return TypedResults.Json(new EvaluationRunCreated(created.Id.ToString()), WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<FinishResult>> FinishAsync(string entity, string project, string runId, HttpRequest request,
        WeaveRuns runs, RunFinisher finisher, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var run = await runs.RequireAsync(entity, project, runId, cancellationToken);
        var body = await WeaveBody.ReadAsync(request, options.MaxJsonBytes, () => new EvaluationRunFinishBody());
        if (body.Summary is { ValueKind: not JsonValueKind.Object } summary)
        {
            throw WeaveErrors.Validation(
                $"Input should be a valid dictionary, found {summary.ValueKind.ToString().ToLowerInvariant()}", "body", "summary");
        }
        await finisher.FinishAsync(entity, run, body.Summary, cancellationToken);
        return TypedResults.Json(new FinishResult(true), WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<DeleteResult>> DeleteAsync(
        string entity, string project, HttpRequest request, IServerStore store,
        ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var deleted = 0L;
        foreach (var id in (await request.IdsAsync("evaluation_run_ids", options.MaxJsonBytes)).Distinct(StringComparer.Ordinal))
        {
            var run = Guid.TryParse(id, out var uuid) ? await store.GetResultAsync(entity, uuid.ToString(), cancellationToken) : null;
            if (run is not null && run.Project == project && await store.DeleteResultAsync(entity, run.Id, cancellationToken))
            {
                deleted++;
            }
        }
        return TypedResults.Json(new DeleteResult(deleted), WeaveJson.Options);
    }

    /// <summary>A unique, readable result name: evaluation and model names, the UTC time and a random suffix.</summary>
    private static string RunName(string evaluation, string model, DateTimeOffset now)
    {
        var parts = new[] { evaluation, model }.Where(r => r.Length > 0).Select(r => PendingScore.ScorerName(r).Trim()).Where(
            n => n.Length > 0)
            .Select(n => new string([.. n.Where(c => !char.IsControl(c) && c != '/').Take(80)]));
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        return string.Join("-", parts.Append(stamp).Append(suffix));
    }
}
