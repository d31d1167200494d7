using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// Builds the row query for one result, as the SQLite store's RowSql does: conditions on score values become EXISTS
/// probes on the scores key, and a sort by a score joins that score.
/// </summary>
internal static class PostgresRowSql
{
    public static string Build(RowQuery query, IReadOnlyList<(int Id, string Metric, string Name)> keys, List<(string, object?)> parameters)
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
            var ids = Ids(keys, condition.Metric, condition.Score, condition.ToString());
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
            var ids = colon > 0 ? Ids(keys, sortBy[..colon], sortBy[(colon + 1)..], sortBy) : Ids(keys, sortBy, null, sortBy);
            join = $"LEFT JOIN scores o ON o.result_key = r.result_key AND o.row_index = r.row_index AND o.trial = r.trial AND o.score_id = {ids[0]}";
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

    private static List<int> Ids(IReadOnlyList<(int Id, string Metric, string Name)> keys, string? metric, string? score, string shown)
    {
        var ids = keys.Where(k => (metric is null || k.Metric == metric) && (score is null || k.Name == score)).Select(k => k.Id).ToList();
        if (ids.Count == 0 && metric is not null && score is null)
        {
            // "metric:name" may also be written as just the score name.
            ids = keys.Where(k => k.Name == metric).Select(k => k.Id).ToList();
        }
        return ids.Count > 0 || metric is null
            ? (ids.Count > 0 ? ids : [-1])
            : throw EvalstoreException.BadRequest(
                $"'{shown}': this result has no such score. Scores: {string.Join(", ", keys.Select(k => k.Metric == k.Name ? k.Metric : $"{k.Metric}:{k.Name}"))}.");
    }
}
