using Evalstore.Core;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Every gate evaluated against a database is stored (verdict, thresholds, results compared, time), so reports can list
/// gate outcomes: the server's gate endpoint and <c>evalstore gate</c> on <c>--db</c>/<c>--postgres</c> both go through here
/// (the CLI on <c>--server</c> posts to that endpoint). A gate that cannot be evaluated (404, 409, 400) stores nothing.
/// </summary>
public static class GateRecords
{
    /// <summary>Evaluates the gate with <paramref name="analysis"/>, stores the evaluation, and returns the report.</summary>
    public static async Task<GateReport> EvaluateAndRecordAsync(IServerStore store, IEvalAnalysis analysis, TimeProvider clock,
        string workspace, GateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var report = await GateEvaluator.EvaluateAsync(store, analysis, workspace, request, cancellationToken);
        var result = await store.GetResultAsync(workspace, report.Result.Id.ToString(), cancellationToken);
        var now = clock.GetUtcNow();
        // Stored even if the caller has gone: the verdict was reached, and the history should say so.
        await store.RecordGateEvaluationAsync(workspace, new GateEvaluation
        {
            Id = Guid.CreateVersion7(now), Project = result?.Project ?? Names.DefaultProject, EvaluatedAt = now, Passed = report.Passed,
            Request = request, Report = report,
        }, CancellationToken.None);
        return report;
    }

    /// <summary>Stored evaluations, newest first; 400 for a limit outside 1–<see cref="ResultQuery.MaxPageSize"/>.</summary>
    public static Task<IReadOnlyList<GateEvaluation>> ListAsync(IServerStore store, string workspace, GateEvaluationQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > ResultQuery.MaxPageSize)
        {
            throw EvalstoreException.BadRequest($"limit must be in 1–{ResultQuery.MaxPageSize}.");
        }
        return store.ListGateEvaluationsAsync(workspace, query, cancellationToken);
    }
}
