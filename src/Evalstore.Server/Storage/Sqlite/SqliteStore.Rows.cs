using System.Buffers;
using System.Runtime.CompilerServices;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<RowRecord> ReadRowsAsync(string workspace, Guid resultId, RowQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = Require(connection, null, workspace, resultId);
        var scoreKeys = LoadScoreKeys(connection, key);
        var parameters = new List<(string, object?)> { ("$k", key) };
        var sql = RowSql.Build(query, scoreKeys, parameters);
        using var command = Command(connection, null, sql, [.. parameters]);
        using var reader = command.ExecuteReader();
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rowIndex = reader.GetInt64(0);
            var trial = reader.GetInt32(1);
            var digest = reader.GetString(2);
            buffer.ResetWrittenCount();
            RowLine.Write(buffer, rowIndex, trial, digest, reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4));
            yield return new RowRecord(rowIndex, trial, digest, buffer.WrittenSpan.ToArray());
        }
    }

    private static List<(int Id, string Metric, string Name)> LoadScoreKeys(SqliteConnection connection, long key)
    {
        var keys = new List<(int, string, string)>();
        using var command = Command(connection, null, "SELECT score_id, metric, name FROM score_keys WHERE result_key = $k ORDER BY score_id", ("$k", key));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }
        return keys;
    }
}

/// <summary>Builds the row query for one result: conditions on score values become EXISTS probes on the scores key.</summary>
internal static class RowSql
{
    public static string Build(RowQuery query, IReadOnlyList<(int Id, string Metric, string Name)> keys, List<(string, object?)> parameters)
    {
        var where = new List<string> { "r.result_key = $k" };
        if (query.Trial is { } trial)
        {
            where.Add("r.trial = $trial");
            parameters.Add(("$trial", trial));
        }
        if (query.FromRow is { } from)
        {
            where.Add("r.row_index >= $from");
            parameters.Add(("$from", from));
        }
        if (query.ToRow is { } to)
        {
            where.Add("r.row_index <= $to");
            parameters.Add(("$to", to));
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
                    AND s.score_id IN ({string.Join(",", ids)}) AND s.value {op} $c{i})
                """);
            parameters.Add(($"$c{i}", condition.Threshold));
        }
        var join = "";
        var order = "r.row_index, r.trial";
        if (query.SortBy is { } sortBy)
        {
            var colon = sortBy.LastIndexOf(':');
            var ids = colon > 0 ? Ids(keys, sortBy[..colon], sortBy[(colon + 1)..], sortBy) : Ids(keys, sortBy, null, sortBy);
            join = $"LEFT JOIN scores o ON o.result_key = r.result_key AND o.row_index = r.row_index AND o.trial = r.trial AND o.score_id = {ids[0]}";
            order = $"o.value IS NULL, o.value {(query.Descending ? "DESC" : "ASC")}, r.row_index, r.trial";
        }
        var limit = query.Limit is { } l ? $"LIMIT {l} OFFSET {query.Offset}" : query.Offset > 0 ? $"LIMIT -1 OFFSET {query.Offset}" : "";
        return $"""
            SELECT r.row_index, r.trial, r.digest, i.item, r.body
            FROM rows r JOIN items i ON i.digest = r.digest {join}
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
