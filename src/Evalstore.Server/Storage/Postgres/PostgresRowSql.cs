using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Columns;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// Builds the row query for one result. SQLite answers score conditions and score order from column chunks
/// (<see cref="RowSelection"/>); PostgreSQL keeps one row per score value, so here a condition becomes an EXISTS probe
/// on the scores key and a sort by a score joins that score, with the same semantics: a condition holds when any score
/// it covers has a matching number (NaN, stored as NULL, never matches), and rows without a number sort last.
/// Score keys resolve through <see cref="RowSelection.Ids"/>, so an unknown score is the same 400 on both stores.
/// </summary>
internal static class PostgresRowSql
{
    public static string Build(RowQuery query, IReadOnlyList<ScoreKey> keys, List<(string, object?)> parameters)
    {
        var where = new List<string> { "r.result_key = @k" };
        if (query.Trial is { } trial)
        {
            where.Add("r.trial = @trial");
            parameters.Add(("trial", trial));
        }
        if (query.FromRow is { } from)
        {
            where.Add("r.row_index >= @from");
            parameters.Add(("from", from));
        }
        if (query.ToRow is { } to)
        {
            where.Add("r.row_index <= @to");
            parameters.Add(("to", to));
        }
        if (query.ErroredOnly)
        {
            where.Add("r.errors > 0");
        }
        for (var i = 0; i < query.Where.Count; i++)
        {
            var condition = query.Where[i];
            var ids = RowSelection.Ids(keys, condition.Metric, condition.Score, condition.ToString());
            if (ids.Count == 0)
            {
                where.Add("FALSE"); // "any" on a result without scores: no score can match
                continue;
            }
            var op = condition.Operator == "!=" ? "<>" : condition.Operator;
            where.Add($"""
                EXISTS (SELECT 1 FROM scores s WHERE s.result_key = r.result_key AND s.row_index = r.row_index AND s.trial = r.trial
                    AND s.score_id IN ({string.Join(",", ids)}) AND s.value {op} @c{i})
                """);
            parameters.Add(($"c{i}", condition.Threshold));
        }
        var join = "";
        var order = "r.row_index, r.trial";
        if (query.SortBy is { } sortBy)
        {
            var colon = sortBy.LastIndexOf(':');
            var ids = colon > 0 ? RowSelection.Ids(keys, sortBy[..colon], sortBy[(colon + 1)..], sortBy)
                : RowSelection.Ids(keys, sortBy, null, sortBy);
            join =
                $"LEFT JOIN scores o ON o.result_key = r.result_key AND o.row_index = r.row_index AND o.trial = r.trial AND o.score_id = " +
                $"{ids[0]}";
            // SQLite's order: rows without the score last, then the value, then position.
            order = $"o.value IS NULL, o.value {(query.Descending ? "DESC" : "ASC")}, r.row_index, r.trial";
        }
        var limit = query.Limit is { } l ? $"LIMIT {l} OFFSET {query.Offset}" : query.Offset > 0 ? $"OFFSET {query.Offset}" : "";
        // The item is a correlated lookup, not a join: rows then stream in primary-key order with no sort, and the planner
        // never hashes the whole (shared, possibly huge) items table to export one result.
        return $"""
            SELECT r.row_index, r.trial, r.digest, (SELECT i.item FROM items i WHERE i.digest = r.digest), r.body
            FROM rows r {join}
            WHERE {string.Join(" AND ", where)}
            ORDER BY {order} {limit}
            """;
    }
}
