using Dapper;
using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    /// <summary>Results marked deleted per prune transaction: a few milliseconds of write lock, never a reader blocked.</summary>
    internal const int PruneBatch = 500;

    /// <summary>Removes the rows of results marked deleted, in bounded transactions (each engine its own way).</summary>
    private protected abstract Task PurgeDeletedAsync(CancellationToken cancellationToken);

    /// <inheritdoc cref="IServerStore.PruneAsync" />
    public async Task<PruneReport> PruneAsync(string workspace, PruneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var groups = PruneRequest.ParseGroups(string.Join(',', request.KeepLatestPer));
        var args = Args(("w", workspace), ("before", Dialect.Instant(request.Before)), ("now", Dialect.Instant(Now())));
        // Running results are never pruned (a writer may still append); failed and completed ones are, by age.
        var where = "workspace = @w AND deleted_at IS NULL AND status <> 'running' AND created_at < @before";
        if (groups.Count > 0)
        {
            var partition = string.Join(", ", groups);
            where += $"""
                 AND result_key NOT IN (SELECT result_key FROM (
                    SELECT result_key, row_number() OVER (PARTITION BY {partition} ORDER BY created_at DESC, result_key DESC) AS latest
                    FROM results WHERE workspace = @w AND deleted_at IS NULL AND status = 'completed') kept WHERE latest = 1)
                """;
        }
        var report = new PruneReport { Workspace = workspace, Before = request.Before, KeepLatestPer = groups, DryRun = request.DryRun };
        if (request.DryRun)
        {
            var matched = await InReadAsync(c => c.ExecuteScalarAsync<long>(
                Command($"SELECT count(*) FROM results WHERE {where}", args, null, cancellationToken)), cancellationToken);
            return report with { Matched = matched };
        }
        // Each transaction marks one bounded batch deleted (readers stop seeing those results at its commit); the rows
        // go afterwards in the purge's own bounded chunks, as for a single delete.
        var deleted = 0L;
        while (true)
        {
            var marked = await InTransactionAsync(async (c, t) =>
            {
                var keys = (await c.QueryAsync<long>(Command(
                    $"UPDATE results SET deleted_at = @now WHERE result_key IN "
                    + $"(SELECT result_key FROM results WHERE {where} ORDER BY result_key LIMIT {PruneBatch}) RETURNING result_key",
                    args, t, cancellationToken))).ToList();
                await LatestRemovedAsync(c, t, keys, cancellationToken);
                return keys.Count;
            }, cancellationToken);
            deleted += marked;
            if (marked > 0)
            {
                await PurgeDeletedAsync(cancellationToken);
            }
            if (marked < PruneBatch)
            {
                return report with { Matched = deleted, Deleted = deleted };
            }
        }
    }
}
