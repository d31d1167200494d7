using System.Data.Common;
using System.Globalization;
using Dapper;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

// The maintained summary "latest completed live result per (workspace, model, dataset|benchmark)" (table latest_results,
// SQLite migration 009, PostgreSQL 012). A leaderboard then reads one row per model however many results a dataset
// has. Every write that can change a group's latest keeps it inside its own transaction: completing (the result
// may become latest), failing, deleting and pruning (a latest result that goes makes the previous one latest again),
// and a copy's stamp (which rewrites status and created_at).
public abstract partial class SqlStore
{
    // Only a newer result replaces a summary row, so two completions racing on PostgreSQL end with the newer one
    // whichever commits first ("newer" is the leaderboard's order: created_at, then result_key).
    private const string UpsertLatest = """
        ON CONFLICT (workspace, scope, scope_value, model_key) DO UPDATE
        SET result_key = excluded.result_key, created_at = excluded.created_at
        WHERE excluded.created_at > latest_results.created_at
            OR (excluded.created_at = latest_results.created_at AND excluded.result_key > latest_results.result_key)
        """;

    private static readonly (string Scope, string Column)[] s_latestScopes = [("dataset", "dataset"), ("benchmark", "benchmark")];

    /// <summary>
    /// Enters a result just completed (in <paramref name="transaction"/>) into its groups' summary rows where it is the
    /// newest; a result not completed or deleted changes nothing.
    /// </summary>
    private protected static async Task LatestCompletedAsync(DbConnection connection, DbTransaction? transaction, long key,
        CancellationToken cancellationToken)
    {
        foreach (var (scope, column) in s_latestScopes)
        {
            await connection.ExecuteAsync(Command($"""
                INSERT INTO latest_results (workspace, scope, scope_value, model_key, result_key, created_at)
                SELECT workspace, '{scope}', {column}, COALESCE('m' || model, ''), result_key, created_at FROM results
                WHERE result_key = @k AND status = 'completed' AND deleted_at IS NULL AND {column} IS NOT NULL
                {UpsertLatest}
                """, Args(("k", key)), transaction, cancellationToken));
        }
    }

    /// <summary>
    /// After results stopped being completed live results (failed, deleted, pruned) or changed their creation time: each
    /// summary row that pointed at one of them takes its group's latest remaining result, read from the
    /// (workspace, dataset|benchmark, status, model, created_at) index; a group with none left loses its row.
    /// </summary>
    private protected static async Task LatestRemovedAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }
        // Keys are integers, written into the SQL: one statement for both engines (Dapper would expand a list on SQLite
        // but pass an array on PostgreSQL, where "IN @keys" does not parse).
        var list = string.Join(',', keys.Select(k => k.ToString(CultureInfo.InvariantCulture)));
        var groups = (await connection.QueryAsync<(string Workspace, string Scope, string Value, string ModelKey)>(Command(
            $"DELETE FROM latest_results WHERE result_key IN ({list}) RETURNING workspace, scope, scope_value, model_key",
            null, transaction, cancellationToken))).ToList();
        foreach (var (workspace, scope, value, modelKey) in groups)
        {
            var column = s_latestScopes.Single(s => s.Scope == scope).Column;
            var model = modelKey.Length == 0 ? "model IS NULL" : "model = @m";
            await connection.ExecuteAsync(Command($"""
                INSERT INTO latest_results (workspace, scope, scope_value, model_key, result_key, created_at)
                SELECT workspace, '{scope}', {column}, @mk, result_key, created_at FROM results
                WHERE workspace = @w AND {column} = @v AND status = 'completed' AND deleted_at IS NULL AND {model}
                ORDER BY created_at DESC, result_key DESC LIMIT 1
                {UpsertLatest}
                """, Args(("w", workspace), ("v", value), ("mk", modelKey), ("m", modelKey.Length == 0 ? null : modelKey[1..])),
                transaction, cancellationToken));
        }
    }

    /// <inheritdoc cref="IServerStore.LatestCompletedPerModelAsync" />
    public Task<IReadOnlyList<ResultInfo>> LatestCompletedPerModelAsync(string workspace, LatestScope scope, string value,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = scope == LatestScope.Dataset ? "dataset" : "benchmark";
        var sql = $"""
            SELECT {ResultRecords.Columns} FROM results WHERE result_key IN (
                SELECT result_key FROM latest_results WHERE workspace = @w AND scope = '{name}' AND scope_value = @v)
            ORDER BY created_at DESC, result_key DESC
            """;
        var args = Args(("w", workspace), ("v", value));
        return InReadAsync<IReadOnlyList<ResultInfo>>(
            async c => (await ReadResultsAsync(c, sql, args, cancellationToken)).Select(r => r.Info).ToList(), cancellationToken);
    }
}
