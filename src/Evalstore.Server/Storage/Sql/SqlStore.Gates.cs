using System.Text.Json;
using Dapper;
using Evalstore.Core.Gate;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    /// <inheritdoc cref="IServerStore.RecordGateEvaluationAsync" />
    public Task RecordGateEvaluationAsync(string workspace, GateEvaluation evaluation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        Names.Workspace(workspace);
        var body = JsonSerializer.SerializeToUtf8Bytes(evaluation, EvalstoreJson.Options);
        return InTransactionAsync((c, t) => c.ExecuteAsync(Command("""
            INSERT INTO gate_evaluations (id, workspace, project, result_id, baseline_id, passed, evaluated_at, body)
            VALUES (@id, @w, @p, @r, @b, @passed, @at, @body)
            """, Args(("id", Dialect.Id(evaluation.Id)), ("w", workspace), ("p", evaluation.Project),
                ("r", Dialect.Id(evaluation.Report.Result.Id)),
                ("b", evaluation.Report.Baseline is { } baseline ? Dialect.Id(baseline.Id) : null), ("passed", evaluation.Passed),
                ("at", Dialect.Instant(evaluation.EvaluatedAt)), ("body", body)), t, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc cref="IServerStore.ListGateEvaluationsAsync" />
    public Task<IReadOnlyList<GateEvaluation>> ListGateEvaluationsAsync(string workspace, GateEvaluationQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = "SELECT body FROM gate_evaluations WHERE workspace = @w"
            + (query.Since is null ? "" : " AND evaluated_at >= @since")
            + (query.Project is null ? "" : " AND project = @p")
            + (query.ResultId is null ? "" : " AND result_id = @r")
            + " ORDER BY evaluated_at DESC, id DESC LIMIT @limit";
        var args = Args(("w", workspace), ("limit", Math.Clamp(query.Limit, 1, ResultQuery.MaxPageSize)));
        if (query.Since is { } since)
        {
            args.Add("since", Dialect.Instant(since));
        }
        if (query.Project is { } project)
        {
            args.Add("p", project);
        }
        if (query.ResultId is { } resultId)
        {
            args.Add("r", Dialect.Id(resultId));
        }
        return InReadAsync<IReadOnlyList<GateEvaluation>>(async c =>
        {
            var bodies = await c.QueryAsync<byte[]>(Command(sql, args, null, cancellationToken));
            return bodies.Select(b => JsonSerializer.Deserialize<GateEvaluation>(b, EvalstoreJson.Options)!).ToList();
        }, cancellationToken);
    }
}
