using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Evalstore.Server.Storage.Sql;

/// <summary>
/// What must hold in any Evalstore database, whatever the engine says about its pages: a live result's row count is
/// the number of its rows, a completed result has an aggregate for every score, a running one has none, a finished
/// one has a finish time, every row's item exists, nothing belongs to a result that is gone, and the leaderboard's
/// summary names the latest completed result of each group. Each check is one
/// read-only query; what it finds is a line naming the result (or key) and what is wrong.
/// </summary>
internal static class StoreInvariants
{
    /// <summary>At most this many findings per check are listed (and how many more there were).</summary>
    private const int ListedPerCheck = 20;

    private static readonly (string Problem, string Sql)[] s_checks =
    [
        ("row count {2} but {3} rows stored", """
            SELECT r.workspace, r.name, r.row_count, count(x.result_key)
            FROM results r LEFT JOIN rows x ON x.result_key = r.result_key
            WHERE r.deleted_at IS NULL
            GROUP BY r.result_key, r.workspace, r.name, r.row_count
            HAVING count(x.result_key) <> r.row_count
            ORDER BY r.workspace, r.name
            """),
        ("completed without an aggregate for score {2}/{3}", """
            SELECT r.workspace, r.name, k.metric, k.name
            FROM results r JOIN score_keys k ON k.result_key = r.result_key
            WHERE r.deleted_at IS NULL AND r.status = 'completed'
                AND NOT EXISTS (SELECT 1 FROM aggregates a WHERE a.result_key = k.result_key AND a.score_id = k.score_id)
            ORDER BY r.workspace, r.name, k.metric, k.name
            """),
        ("running but has aggregates", """
            SELECT r.workspace, r.name FROM results r
            WHERE r.deleted_at IS NULL AND r.status = 'running'
                AND EXISTS (SELECT 1 FROM aggregates a WHERE a.result_key = r.result_key)
            ORDER BY r.workspace, r.name
            """),
        ("status '{2}' without a finish time (or an unknown status)", """
            SELECT r.workspace, r.name, r.status FROM results r
            WHERE r.deleted_at IS NULL
                AND (r.status NOT IN ('running', 'completed', 'failed') OR (r.status <> 'running' AND r.finished_at IS NULL))
            ORDER BY r.workspace, r.name
            """),
        ("{0} row(s) of a result that no longer exists (result_key {1})", """
            SELECT count(*), x.result_key FROM rows x
            WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.result_key = x.result_key)
            GROUP BY x.result_key
            """),
        ("{0} aggregate(s) of a result that no longer exists (result_key {1})", """
            SELECT count(*), a.result_key FROM aggregates a
            WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.result_key = a.result_key)
            GROUP BY a.result_key
            """),
        // The leaderboard's maintained summary (SqlStore.Latest) against the window over every result it stands for.
        ("leaderboard summary of {1} '{2}' (model key '{3}') in workspace '{0}' holds result_key '{4}', the latest completed is '{5}'",
            """
            WITH expected AS (
                SELECT workspace, 'dataset' AS scope, dataset AS scope_value, COALESCE('m' || model, '') AS model_key, result_key,
                    row_number() OVER (PARTITION BY workspace, dataset, model ORDER BY created_at DESC, result_key DESC) AS latest
                FROM results WHERE deleted_at IS NULL AND status = 'completed' AND dataset IS NOT NULL
                UNION ALL
                SELECT workspace, 'benchmark', benchmark, COALESCE('m' || model, ''), result_key,
                    row_number() OVER (PARTITION BY workspace, benchmark, model ORDER BY created_at DESC, result_key DESC)
                FROM results WHERE deleted_at IS NULL AND status = 'completed' AND benchmark IS NOT NULL)
            SELECT s.workspace, s.scope, s.scope_value, s.model_key, s.result_key, e.result_key
            FROM latest_results s LEFT JOIN expected e ON e.latest = 1 AND e.workspace = s.workspace AND e.scope = s.scope
                AND e.scope_value = s.scope_value AND e.model_key = s.model_key
            WHERE e.result_key IS NULL OR e.result_key <> s.result_key
            UNION ALL
            SELECT e.workspace, e.scope, e.scope_value, e.model_key, NULL, e.result_key FROM expected e
            WHERE e.latest = 1 AND NOT EXISTS (SELECT 1 FROM latest_results s WHERE s.workspace = e.workspace
                AND s.scope = e.scope AND s.scope_value = e.scope_value AND s.model_key = e.model_key)
            """),
        ("API key {0} has an unknown role '{1}'", """
            SELECT id, role FROM api_keys WHERE role NOT IN ('read', 'write', 'admin')
            """),
    ];

    /// <summary>
    /// Runs every check on <paramref name="connection"/>; <paramref name="missingItemsSql"/> is the engine's query for
    /// rows whose item is not stored (SQLite joins items by id, PostgreSQL by digest): workspace, name, count.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(DbConnection connection, string missingItemsSql,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var (problem, sql) in s_checks.Append(("{2} row(s) whose item is not stored", missingItemsSql)))
        {
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
            var found = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++found > ListedPerCheck)
                {
                    continue;
                }
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                var text = string.Format(CultureInfo.InvariantCulture, problem, values);
                // Checks about a result select its workspace and name first; the others say what they are about themselves.
                problems.Add(sql.TrimStart().StartsWith("SELECT r.workspace, r.name", StringComparison.Ordinal)
                    ? $"result '{values[1]}' in workspace '{values[0]}': {text}"
                    : text);
            }
            if (found > ListedPerCheck)
            {
                problems.Add($"… and {found - ListedPerCheck} more like the last");
            }
        }
        return problems;
    }
}
