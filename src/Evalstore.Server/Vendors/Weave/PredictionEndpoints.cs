using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// <c>/v2/{entity}/{project}/predictions</c>. A prediction is one trial: a stored row, or (in a running run) a
/// prediction written here, kept aside until the run finishes.
/// </summary>
internal static class PredictionEndpoints
{
    public static void MapPredictions(this RouteGroupBuilder weave)
    {
        weave.MapPost("/predictions", CreateAsync).WithName("WeavePredictionCreate").WithSummary(
            "Add a prediction to a running evaluation run.");
        weave.MapGet("/predictions", List).WithName("WeavePredictionList").WithSummary(
            "List predictions as JSONL; evaluation_run_id, limit, offset.");
        weave.MapGet("/predictions/{predictionId}", ReadAsync).WithName("WeavePredictionRead").WithSummary("Read one prediction.");
        weave.MapDelete("/predictions", DeleteAsync).WithName("WeavePredictionDelete").WithSummary("Delete predictions of running runs.");
        weave.MapPost("/predictions/{predictionId}/finish", FinishAsync).WithName("WeavePredictionFinish")
            .WithSummary("Finish a prediction (its scores are collected when the run finishes).");
    }

    private static async Task<JsonHttpResult<PredictionCreated>> CreateAsync(
        string entity, string project, HttpRequest request, WeaveRuns runs,
        PendingPredictions pending, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = await WeaveBody.ReadAsync<PredictionCreateBody>(request, options.MaxJsonBytes);
        if (body.Inputs.ValueKind != JsonValueKind.Object)
        {
            throw WeaveErrors.Validation("Input should be a valid dictionary", "body", "inputs");
        }
        if (string.IsNullOrEmpty(body.EvaluationRunId))
        {
            throw WeaveErrors.Validation(
                "Evalstore keeps every prediction in an evaluation run: evaluation_run_id is required", "body", "evaluation_run_id");
        }
        var run = await runs.RequireAsync(entity, project, body.EvaluationRunId, cancellationToken);
        RequireRunning(run);
        var key = WeaveKeys.New(options.Clock);
        if (!await pending.AddPredictionAsync(entity, run.Id, key, body.Model, body.Inputs, body.Output, cancellationToken))
        {
            throw WeaveErrors.RunImmutable(run.Id.ToString(), "finishing");
        }
        await EnsureStillRunningAsync(
            runs, entity, project, run, () => pending.DeletePredictionAsync(entity, run.Id, key, cancellationToken), cancellationToken);
        return TypedResults.Json(new PredictionCreated(TrialRef.OfPrediction(run.Id, key).PredictionId), WeaveJson.Options);
    }

    private static JsonLinesResult<PredictionRead> List(
        string entity, string project, HttpRequest request, WeaveRuns runs, TrialSource trials)
    {
        var runId = request.Query["evaluation_run_id"].ToString();
        var offset = request.NonNegative("offset") ?? 0;
        var limit = request.NonNegative("limit");
        return new JsonLinesResult<PredictionRead>(
            ListAsync(entity, project, runId, offset, limit, runs, trials, request.HttpContext.RequestAborted));
    }

    private static async IAsyncEnumerable<PredictionRead> ListAsync(string entity, string project, string runId, long offset, long? limit,
        WeaveRuns runs, TrialSource trials, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var left = limit ?? long.MaxValue;
        await foreach (var (run, trial) in trials.ReadProjectAsync(entity, project, runId, runs, cancellationToken))
        {
            if (left <= 0)
            {
                yield break;
            }
            if (offset > 0)
            {
                offset--;
                continue;
            }
            left--;
            yield return Read(run, trial);
        }
    }

    private static async Task<JsonHttpResult<PredictionRead>> ReadAsync(string entity, string project, string predictionId, WeaveRuns runs,
        TrialSource trials, CancellationToken cancellationToken)
    {
        var (run, id) = await runs.ResolveAsync(entity, project, predictionId, "Prediction", cancellationToken);
        using var trial = await trials.FindAsync(entity, run, id.Trial, cancellationToken);
        if (trial is null || id.IsScore)
        {
            throw EvalstoreException.NotFound($"Prediction {predictionId} not found");
        }
        // The result is serialized after the trial is disposed: it gets copies of the trial's JSON.
        var read = Read(run, trial);
        return TypedResults.Json(read with { Inputs = read.Inputs.Clone(), Output = read.Output.Clone() }, WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<DeleteResult>> DeleteAsync(string entity, string project, HttpRequest request, WeaveRuns runs,
        PendingPredictions pending, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var deleted = 0L;
        foreach (var predictionId in (await request.IdsAsync("prediction_ids", options.MaxJsonBytes)).Distinct(StringComparer.Ordinal))
        {
            if (await runs.TryResolveAsync(entity, project, predictionId, cancellationToken) is not var (run, id))
            {
                continue; // unknown ids delete nothing, as in Weave
            }
            RequireWritten(run, id, predictionId);
            var removed = await pending.DeletePredictionAsync(entity, run.Id, id.Trial.PredictionKey!, cancellationToken)
                ?? throw WeaveErrors.RunImmutable(run.Id.ToString(), "finishing");
            deleted += removed > 0 ? 1 : 0;
        }
        return TypedResults.Json(new DeleteResult(deleted), WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<FinishResult>> FinishAsync(string entity, string project, string predictionId, WeaveRuns runs,
        TrialSource trials, CancellationToken cancellationToken)
    {
        var (run, id) = await runs.ResolveAsync(entity, project, predictionId, "Prediction", cancellationToken);
        using var trial = await trials.FindAsync(entity, run, id.Trial, cancellationToken)
            ?? throw EvalstoreException.NotFound($"Prediction {predictionId} not found");
        return TypedResults.Json(new FinishResult(true), WeaveJson.Options);
    }

    private static PredictionRead Read(ResultInfo run, WeaveTrial trial) =>
        new(trial.Ref.PredictionId, trial.Model, trial.Inputs, trial.ModelOutput, run.Id.ToString());

    public static void RequireRunning(ResultInfo run)
    {
        if (run.Status != ResultStatus.Running)
        {
            throw WeaveErrors.RunImmutable(run.Id.ToString(), RunReads.StatusOf(run.Status));
        }
    }

    /// <summary>
    /// A run completed natively (not through a Weave finish) between the status check and the write would never turn the
    /// write into a row: undo it and refuse, so that nothing acknowledged is lost.
    /// </summary>
    public static async Task EnsureStillRunningAsync(WeaveRuns runs, string entity, string project, ResultInfo run, Func<Task<long?>> undo,
        CancellationToken cancellationToken)
    {
        var now = await runs.RequireAsync(entity, project, run.Id.ToString(), cancellationToken);
        if (now.Status != ResultStatus.Running)
        {
            await undo();
            RequireRunning(now);
        }
    }

    /// <summary>Only predictions (and scores) written through this API into a running run can change.</summary>
    public static void RequireWritten(ResultInfo run, ParsedId id, string shown)
    {
        RequireRunning(run);
        if (id.Trial.PredictionKey is null)
        {
            throw EvalstoreException.Conflict(
                $"{shown} is a stored row of run {run.Id}; rows are immutable (delete the whole evaluation run instead).");
        }
    }
}
