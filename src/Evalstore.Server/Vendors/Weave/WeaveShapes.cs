using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

// Request and response bodies of the Weave v2 surface, named as in Weave's OpenAPI document. Constructor parameters
// without a default are required members (WeaveJson respects them), as the pydantic fields are.

/// <summary>Body of <c>POST evaluation_runs</c>.</summary>
internal sealed record EvaluationRunCreateBody(string Evaluation, string Model, string? SourceEvaluationRunId = null);

/// <summary>Body of <c>POST evaluation_runs/{id}/finish</c>.</summary>
internal sealed record EvaluationRunFinishBody(JsonElement? Summary = null);

/// <summary>Body of <c>POST predictions</c>.</summary>
internal sealed record PredictionCreateBody(string Model, JsonElement Inputs, JsonElement Output, string? EvaluationRunId = null);

/// <summary>Body of <c>POST scores</c>.</summary>
internal sealed record ScoreCreateBody(string PredictionId, string Scorer, JsonElement Value, string? EvaluationRunId = null);

/// <summary>
/// <c>EvaluationRunReadRes</c> exactly as wandb/weave 5ad4a3d8 <c>weave/trace_server/trace_server_interface.py</c>
/// declares it: no <c>source_evaluation_run_id</c> (a create call's source is kept as a label, not echoed).
/// </summary>
internal sealed record EvaluationRunRead(string EvaluationRunId, string Evaluation, string Model, string? Status, string? StartedAt,
    string? FinishedAt, JsonElement? Summary);

/// <summary><c>PredictionReadRes</c>.</summary>
internal sealed record PredictionRead(string PredictionId, string Model, JsonElement Inputs, JsonElement Output, string? EvaluationRunId,
    string? WbUserId = null);

/// <summary><c>ScoreReadRes</c>.</summary>
internal sealed record ScoreRead(string ScoreId, string Scorer, JsonElement Value, string? EvaluationRunId, string? WbUserId = null);

/// <summary><c>{evaluation_run_id}</c>.</summary>
internal sealed record EvaluationRunCreated(string EvaluationRunId);

/// <summary><c>{prediction_id}</c>.</summary>
internal sealed record PredictionCreated(string PredictionId);

/// <summary><c>{score_id}</c>.</summary>
internal sealed record ScoreCreated(string ScoreId);

/// <summary><c>{success}</c> of the finish calls.</summary>
internal sealed record FinishResult(bool Success);

/// <summary><c>{num_deleted}</c> of the delete calls.</summary>
internal sealed record DeleteResult(long NumDeleted);
