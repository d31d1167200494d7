using Evalstore.Core.Aggregation;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Columns;
using Evalstore.Server.Telemetry;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Computes and stores the aggregates of a locked result and marks it completed; returns it as stored.</summary>
    private async Task<ResultInfo> CompleteCoreAsync(
        NpgsqlConnection connection, long key, ResultInfo info, CancellationToken cancellationToken)
    {
        using var completion = EvalstoreTelemetry.Completion(info);
        var keys = await LoadScoreKeysAsync(connection, key, cancellationToken);
        var clusters = info.ClusterKey is { } clusterKey ? await LoadClustersAsync(connection, key, clusterKey, cancellationToken) : null;
        var values = await PostgresColumns.IsColumnarAsync(connection, key, cancellationToken)
            ? await ColumnValuesAsync(connection, key, keys, cancellationToken)
            : ReadScores(connection, key);
        var aggregates = ResultAggregator.Aggregate(keys, values, info.Metrics,
            clusters is null ? null : row => clusters.GetValueOrDefault(row));
        var ids = keys.ToDictionary(k => (k.Metric, k.Name), k => k.Id);
        // Corpus scores have no per-row values and no score key: they are stored under negative score ids (as in SQLite,
        // so both stores list aggregates in the same order), and a row score of the same metric and name wins.
        foreach (var (corpus, index) in info.CorpusScores.Select((c, i) => (c, i)))
        {
            ids.TryAdd((corpus.Metric, corpus.Name), -1 - index);
        }
        aggregates = [.. aggregates,
            .. info.CorpusScores.Where(c => !keys.Any(k => k.Metric == c.Metric && k.Name == c.Name)).Select(ResultAggregator.Corpus)];
        await ExecuteAsync(connection, """
            INSERT INTO aggregates (result_key, score_id, body)
            SELECT @k, u.score_id, u.body::json FROM unnest(@ids, @bodies) AS u(score_id, body)
            """, cancellationToken, ("k", key), ("ids", aggregates.Select(a => ids[(a.Metric, a.Name)]).ToArray()),
            ("bodies", aggregates.Select(a => EvalstoreJson.Serialize(a)).ToArray()));
        var passStatus = PassStatus.Evaluate(info.StarMetric, aggregates);
        var now = Now();
        // Appends counted the distinct row indexes as they stored them; counting them here would scan every row again.
        await using var update = Command(connection, $"""
            UPDATE results SET status = 'completed', finished_at = @now, updated_at = @now, pass_status = @pass, item_count = items_stored
            WHERE result_key = @k RETURNING {ResultColumns}
            """, ("now", now), ("pass", passStatus), ("k", key));
        ResultInfo completed;
        await using (var row = await update.ExecuteReaderAsync(cancellationToken))
        {
            await row.ReadAsync(cancellationToken);
            completed = ReadResult(row).Info with { Scores = aggregates };
        }
        await LatestCompletedAsync(connection, null, key, cancellationToken);
        completion.Succeeded();
        return completed;
    }

    /// <summary>
    /// Every score of a columnar result, ordered by score, row and trial as the aggregator needs them: each score's chunks
    /// merged into one column and sorted by position (a check, when rows came in order), as SQLite does.
    /// </summary>
    private static async Task<IEnumerable<StoredScore>> ColumnValuesAsync(NpgsqlConnection connection, long key, List<ScoreKey> keys,
        CancellationToken cancellationToken)
    {
        var columns = new List<(int Id, ScoreColumn Column)>(keys.Count);
        foreach (var scoreKey in keys)
        {
            var column = await PostgresColumns.LoadScoreAsync(connection, key, scoreKey.Id, cancellationToken);
            column.SortByPosition();
            columns.Add((scoreKey.Id, column));
        }
        return Values(columns);

        static IEnumerable<StoredScore> Values(List<(int Id, ScoreColumn Column)> columns)
        {
            foreach (var (id, column) in columns)
            {
                for (var i = 0; i < column.Count; i++)
                {
                    var number = column.Numbers[i];
                    yield return new StoredScore(
                        id, RowPosition.RowIndex(column.Positions[i]), double.IsNaN(number) ? null : number, column.Label(i));
                }
            }
        }
    }

    /// <summary>
    /// Every score of a result from before column chunks (migration 005), from the scores table, ordered by score, row
    /// and trial as the aggregator needs them. Read synchronously: the
    /// aggregator pulls values one at a time, and this runs once per result, inside its completion.
    /// </summary>
    private static IEnumerable<StoredScore> ReadScores(NpgsqlConnection connection, long key)
    {
        using var command = Command(connection,
            "SELECT score_id, row_index, value, label FROM scores WHERE result_key = @k ORDER BY score_id, row_index, trial", ("k", key));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredScore(reader.GetInt32(0), reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
    }

    /// <summary>Cluster of each row index: the item's field named by the cluster key (dots walk into objects).</summary>
    private static async Task<Dictionary<long, string?>> LoadClustersAsync(NpgsqlConnection connection, long key, string clusterKey,
        CancellationToken cancellationToken)
    {
        var clusters = new Dictionary<long, string?>();
        await using var command = Command(connection, """
            SELECT r.row_index, (SELECT i.item FROM items i WHERE i.digest = r.digest) FROM rows r WHERE r.result_key = @k AND r.trial = 0
            """, ("k", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowIndex = reader.GetInt64(0);
            clusters[rowIndex] = PostgresClusters.Extract(reader.GetFieldValue<byte[]>(1), clusterKey);
        }
        return clusters;
    }
}
