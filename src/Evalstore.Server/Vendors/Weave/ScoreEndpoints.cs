using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// <c>/v2/{entity}/{project}/scores</c>. A score is one scorer key of a trial; scores written here attach to a
/// prediction written here, and the last one per scorer name counts (as Weave keeps one output per scorer).
/// </summary>
internal static class ScoreEndpoints
{
    public static void MapScores(this RouteGroupBuilder weave)
    {
        weave.MapPost("/scores", CreateAsync).WithName("WeaveScoreCreate").WithSummary("Score a prediction of a running evaluation run.");
        weave.MapGet("/scores", List).WithName("WeaveScoreList").WithSummary("List scores as JSONL; evaluation_run_id, limit, offset.");
        weave.MapGet("/scores/{scoreId}", ReadAsync).WithName("WeaveScoreRead").WithSummary("Read one score.");
        weave.MapDelete("/scores", DeleteAsync).WithName("WeaveScoreDelete").WithSummary("Delete scores of running runs.");
    }

    private static async Task<JsonHttpResult<ScoreCreated>> CreateAsync(string entity, string project, HttpRequest request, WeaveRuns runs,
        PendingPredictions pending, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = await WeaveBody.ReadAsync<ScoreCreateBody>(request, options.MaxJsonBytes);
        if (body.Value.ValueKind == JsonValueKind.Array)
        {
            throw WeaveErrors.Validation("Input should be a number, boolean, string, null or a dictionary of them", "body", "value");
        }
        var (run, id) = await runs.ResolveAsync(entity, project, body.PredictionId, "Prediction", cancellationToken);
        if (body.EvaluationRunId is { Length: > 0 } runId && (!Guid.TryParse(runId, out var given) || given != run.Id))
        {
            throw WeaveErrors.Validation(
                $"Prediction {body.PredictionId} belongs to evaluation run {run.Id}, not {runId}", "body", "evaluation_run_id");
        }
        PredictionEndpoints.RequireWritten(run, id, body.PredictionId);
        var predictionKey = id.Trial.PredictionKey!;
        using (var prediction = await pending.GetAsync(entity, run.Id, predictionKey, cancellationToken))
        {
            _ = prediction ?? throw EvalstoreException.NotFound($"Prediction {body.PredictionId} not found");
        }
        var scoreKey = WeaveKeys.New(options.Clock);
        if (!await pending.AddScoreAsync(entity, run.Id, predictionKey, scoreKey, body.Scorer, body.Value, cancellationToken))
        {
            throw WeaveErrors.RunImmutable(run.Id.ToString(), "finishing");
        }
        await PredictionEndpoints.EnsureStillRunningAsync(runs, entity, project, run,
            () => pending.DeleteScoreAsync(entity, run.Id, predictionKey, scoreKey, cancellationToken), cancellationToken);
        return TypedResults.Json(new ScoreCreated(id.Trial.ScoreId(scoreKey)), WeaveJson.Options);
    }

    private static JsonLinesResult<ScoreRead> List(string entity, string project, HttpRequest request, WeaveRuns runs, TrialSource trials)
    {
        var runId = request.Query["evaluation_run_id"].ToString();
        var offset = request.NonNegative("offset") ?? 0;
        var limit = request.NonNegative("limit");
        return new JsonLinesResult<ScoreRead>(
            ListAsync(entity, project, runId, offset, limit, runs, trials, request.HttpContext.RequestAborted));
    }

    private static async IAsyncEnumerable<ScoreRead> ListAsync(string entity, string project, string runId, long offset, long? limit,
        WeaveRuns runs, TrialSource trials, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var left = limit ?? long.MaxValue;
        await foreach (var (run, trial) in trials.ReadProjectAsync(entity, project, runId, runs, cancellationToken))
        {
            foreach (var (key, scorer, scoreId) in trial.Scorers)
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
                yield return new ScoreRead(scoreId, scorer, trial.Scores.GetProperty(key), run.Id.ToString());
            }
        }
    }

    private static async Task<JsonHttpResult<ScoreRead>> ReadAsync(string entity, string project, string scoreId, WeaveRuns runs,
        PendingPredictions pending, TrialSource trials, CancellationToken cancellationToken)
    {
        var (run, id) = await runs.ResolveAsync(entity, project, scoreId, "Score", cancellationToken);
        if (id.ScoreKey is { } scoreKey)
        {
            using var prediction = await pending.GetAsync(entity, run.Id, id.Trial.PredictionKey!, cancellationToken);
            var written = prediction?.Scores.FirstOrDefault(s => s.Key == scoreKey)
                ?? throw EvalstoreException.NotFound($"Score {scoreId} not found");
            return TypedResults.Json(new ScoreRead(scoreId, written.Scorer, written.Value.Clone(), run.Id.ToString()), WeaveJson.Options);
        }
        using var trial = id.ScoreIndex is null ? null : await trials.FindAsync(entity, run, id.Trial, cancellationToken);
        var found = trial?.Scorers.Where(s => s.ScoreId == scoreId).Select(
            s => ((string Key, string Scorer)?)(s.Key, s.Scorer)).FirstOrDefault();
        if (trial is null || found is not { } score)
        {
            throw EvalstoreException.NotFound($"Score {scoreId} not found");
        }
        return TypedResults.Json(
            new ScoreRead(scoreId, score.Scorer, trial.Scores.GetProperty(score.Key).Clone(), run.Id.ToString()), WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<DeleteResult>> DeleteAsync(string entity, string project, HttpRequest request, WeaveRuns runs,
        PendingPredictions pending, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var deleted = 0L;
        foreach (var scoreId in (await request.IdsAsync("score_ids", options.MaxJsonBytes)).Distinct(StringComparer.Ordinal))
        {
            if (await runs.TryResolveAsync(entity, project, scoreId, cancellationToken) is not var (run, id) || !id.IsScore)
            {
                continue; // unknown ids delete nothing, as in Weave
            }
            PredictionEndpoints.RequireWritten(run, id, scoreId);
            var removed = await pending.DeleteScoreAsync(entity, run.Id, id.Trial.PredictionKey!, id.ScoreKey!, cancellationToken)
                ?? throw WeaveErrors.RunImmutable(run.Id.ToString(), "finishing");
            deleted += removed;
        }
        return TypedResults.Json(new DeleteResult(deleted), WeaveJson.Options);
    }
}
