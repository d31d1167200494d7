using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Columns;
using Evalstore.Server.Telemetry;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<AppendOutcome> AppendRowsAsync(string workspace, Guid resultId, IAsyncEnumerable<IngestRow> rows,
        string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        AppendBatchAsync(workspace, resultId, rows, idempotencyKey is null ? null : new IdempotencyKey(idempotencyKey), cancellationToken);

    /// <inheritdoc />
    public async Task<AppendOutcome> AppendBatchAsync(string workspace, Guid resultId, IAsyncEnumerable<IngestRow> rows,
        IdempotencyKey? idempotencyKey, CancellationToken cancellationToken = default)
    {
        using var ingest = EvalstoreTelemetry.Ingest("append", workspace);
        // Parsing starts now, while this batch may still wait for the write lock behind another one.
        await using var ahead = ReadAhead.Start(rows, cancellationToken: cancellationToken);
        var stored = await WriteAsync(async (c, t) =>
        {
            var (key, info) = Require(c, t, workspace, resultId);
            if (idempotencyKey is not null && StoredBatch(c, t, key, idempotencyKey.Value) is { } stored)
            {
                await idempotencyKey.RequireSameBodyAsync(stored.BodyHash, ahead, cancellationToken);
                return EvalstoreJson.Deserialize<AppendOutcome>(stored.Outcome) with { Replayed = true };
            }
            EnsureRunning(info);
            var outcome = await AppendCoreAsync(c, t, key, info, ahead, cancellationToken);
            if (idempotencyKey is not null)
            {
                Execute(c, t, """
                    INSERT INTO batches (result_key, idempotency_key, outcome, created_at, body_sha256) VALUES ($k, $i, $o, $t, $h)
                    """,
                    ("$k", key), ("$i", idempotencyKey.Value), ("$o", EvalstoreJson.SerializeToUtf8(outcome)),
                    ("$t", Timestamps.ToText(Now())), ("$h", await idempotencyKey.BodyHashAsync(cancellationToken)));
            }
            return outcome;
        }, cancellationToken);
        ingest.Rows(stored.Replayed ? 0 : stored.RowsAccepted);
        return stored;
    }

    private static (byte[] Outcome, byte[]? BodyHash)? StoredBatch(SqliteConnection connection, SqliteTransaction transaction, long key,
        string idempotencyKey)
    {
        using var command = Command(connection, transaction,
            "SELECT outcome, body_sha256 FROM batches WHERE result_key = $k AND idempotency_key = $i", ("$k", key), ("$i", idempotencyKey));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ((byte[])reader.GetValue(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1)) : null;
    }

    private async Task<AppendOutcome> AppendCoreAsync(SqliteConnection connection, SqliteTransaction transaction, long key,
        ResultInfo info, IAsyncEnumerable<IngestRow> rows, CancellationToken cancellationToken)
    {
        long next;
        int chunk;
        using (var state =
            Command(connection, transaction, "SELECT next_row_index, chunk_count FROM results WHERE result_key = $k", ("$k", key)))
        using (var reader = state.ExecuteReader())
        {
            reader.Read();
            next = reader.GetInt64(0);
            chunk = reader.GetInt32(1);
        }
        long accepted = 0;
        long? first = null;
        long? last = null;
        var maxTrials = 0;
        using (var writer = new SqliteRowWriter(connection, transaction, key))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                var index = row.RowIndex ??= next;
                next = Math.Max(next, index + 1);
                writer.Write(row, info.Name);
                accepted++;
                first = Math.Min(first ?? index, index);
                last = Math.Max(last ?? index, index);
                maxTrials = Math.Max(maxTrials, row.Trial + 1);
            }
            writer.Flush(chunk);
        }
        var total = (long)Scalar(connection, transaction, """
            UPDATE results SET row_count = row_count + $n, next_row_index = $next, max_trials = MAX(max_trials, $trials), updated_at = $now,
                chunk_count = chunk_count + 1
            WHERE result_key = $k RETURNING row_count
            """, ("$n", accepted), ("$next", next), ("$trials", maxTrials), ("$now", Timestamps.ToText(Now())), ("$k", key))!;
        return new AppendOutcome { RowsAccepted = accepted, TotalRows = total, FirstRowIndex = first, LastRowIndex = last };
    }

    /// <inheritdoc />
    public async Task<ResultInfo> CompleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default) =>
        await WriteAsync(async (c, t) =>
        {
            var (key, info) = Require(c, t, workspace, resultId);
            EnsureRunning(info);
            return await CompleteAndSummarizeAsync(c, t, key, info, cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ResultInfo> ImportResultAsync(string workspace, RunSpec spec, IAsyncEnumerable<IngestRow> rows,
        CancellationToken cancellationToken = default)
    {
        Names.Workspace(workspace);
        spec = RunSpecRules.Normalize(spec);
        using var ingest = EvalstoreTelemetry.Ingest("import", workspace);
        await using var ahead = ReadAhead.Start(rows, cancellationToken: cancellationToken);
        var imported = await WriteAsync(async (c, t) =>
        {
            var (key, info) = Insert(c, t, workspace, spec);
            await AppendCoreAsync(c, t, key, info, ahead, cancellationToken);
            return await CompleteAndSummarizeAsync(c, t, key, info, cancellationToken);
        }, cancellationToken);
        ingest.Rows(imported.RowCount);
        return imported;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResultInfo>> ImportResultsAsync(string workspace, IAsyncEnumerable<ResultImport> imports,
        CancellationToken cancellationToken = default)
    {
        Names.Workspace(workspace);
        using var ingest = EvalstoreTelemetry.Ingest("import", workspace);
        // One write for the whole batch: one commit and one trip through the writer queue instead of one per result.
        var imported = await WriteAsync(async (c, t) =>
        {
            var results = new List<ResultInfo>();
            await foreach (var import in imports.WithCancellation(cancellationToken))
            {
                var (key, info) = Insert(c, t, workspace, RunSpecRules.Normalize(import.Spec));
                await AppendCoreAsync(c, t, key, info, import.Rows, cancellationToken);
                results.Add(await CompleteAndSummarizeAsync(c, t, key, info, cancellationToken));
            }
            return results;
        }, cancellationToken);
        ingest.Rows(imported.Sum(r => r.RowCount));
        return imported;
    }

    /// <summary>Completes the result and makes it the latest of its leaderboard groups, in the caller's transaction.</summary>
    private async Task<ResultInfo> CompleteAndSummarizeAsync(SqliteConnection connection, SqliteTransaction transaction, long key,
        ResultInfo info, CancellationToken cancellationToken)
    {
        var completed = CompleteCore(connection, transaction, key, info);
        await LatestCompletedAsync(connection, transaction, key, cancellationToken);
        return completed;
    }

    private ResultInfo CompleteCore(SqliteConnection connection, SqliteTransaction transaction, long key, ResultInfo info)
    {
        using var completion = EvalstoreTelemetry.Completion(info);
        var keys = LoadScoreKeys(connection, transaction, key);
        var clusters = info.ClusterKey is { } clusterKey ? LoadClusters(connection, transaction, key, clusterKey) : null;
        // Each score's chunks are merged into one sorted column, aggregated, and written back as a single chunk.
        var columns = new Dictionary<int, ScoreColumn>();
        foreach (var scoreKey in keys)
        {
            var column = SqliteColumns.LoadScore(connection, transaction, key, scoreKey.Id);
            // Chunks appended in row order are already sorted: only a column that needed sorting is rewritten.
            if (column.SortByPosition())
            {
                SqliteColumns.ReplaceScore(connection, transaction, key, scoreKey.Id, column);
            }
            columns[scoreKey.Id] = column;
        }
        var rows = SqliteColumns.LoadRows(connection, transaction, key);
        if (!rows.IsSorted())
        {
            rows = rows.Sorted();
            SqliteColumns.ReplaceRows(connection, transaction, key, rows);
        }
        var aggregates = ResultAggregator.Aggregate(keys, Values(keys, columns), info.Metrics,
            clusters is null ? null : row => clusters.GetValueOrDefault(row));
        var ids = keys.ToDictionary(k => (k.Metric, k.Name), k => k.Id);
        // Corpus scores have no per-row values and no score key: they are stored under negative score ids.
        foreach (var (corpus, index) in info.CorpusScores.Select((c, i) => (c, i)))
        {
            ids.TryAdd((corpus.Metric, corpus.Name), -1 - index);
        }
        aggregates = [.. aggregates,
            .. info.CorpusScores.Where(c => !keys.Any(k => k.Metric == c.Metric && k.Name == c.Name)).Select(ResultAggregator.Corpus)];
        foreach (var aggregate in aggregates)
        {
            Execute(connection, transaction, "INSERT INTO aggregates (result_key, score_id, body) VALUES ($k, $s, $b)",
                ("$k", key), ("$s", ids[(aggregate.Metric, aggregate.Name)]), ("$b", EvalstoreJson.SerializeToUtf8(aggregate)));
        }
        var passStatus = PassStatus.Evaluate(info.StarMetric, aggregates);
        var now = Now();
        var itemCount = rows.DistinctRowIndexes();
        Execute(connection, transaction, """
            UPDATE results SET status = 'completed', finished_at = $now, updated_at = $now, pass_status = $pass, item_count = $items
            WHERE result_key = $k
            """, ("$now", Timestamps.ToText(now)), ("$pass", passStatus is { } p ? (p ? 1 : 0) : null), ("$items", itemCount), ("$k", key));
        using var reread = Command(connection, transaction, $"SELECT {ResultColumns} FROM results WHERE result_key = $k", ("$k", key));
        using var row = reread.ExecuteReader();
        row.Read();
        completion.Succeeded();
        return ReadResult(row).Info with { Scores = aggregates };
    }

    /// <summary>The values of every score in key order, each score's values by position, as the aggregator reads them.</summary>
    private static IEnumerable<StoredScore> Values(IReadOnlyList<ScoreKey> keys, Dictionary<int, ScoreColumn> columns)
    {
        foreach (var scoreKey in keys)
        {
            var column = columns[scoreKey.Id];
            for (var i = 0; i < column.Count; i++)
            {
                var number = column.Numbers[i];
                yield return new StoredScore(
                    scoreKey.Id, RowPosition.RowIndex(column.Positions[i]), double.IsNaN(number) ? null : number, column.Label(i));
            }
        }
    }

    /// <summary>Cluster of each row index: the item's field named by the cluster key (dots walk into objects).</summary>
    private static Dictionary<long, string?> LoadClusters(
        SqliteConnection connection, SqliteTransaction transaction, long key, string clusterKey)
    {
        var path = "$"
            + string.Concat(clusterKey.Split('.').Select(part => ".\"" + part.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        var clusters = new Dictionary<long, string?>();
        using var command = Command(connection, transaction, """
            SELECT r.row_index, json_extract(CAST(i.item AS TEXT), $path)
            FROM rows r JOIN items i ON i.id = r.item WHERE r.result_key = $k AND r.trial = 0
            """, ("$k", key), ("$path", path));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            clusters[reader.GetInt64(0)] =
                reader.IsDBNull(1) ? null : Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }
        return clusters;
    }
}
