using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Telemetry;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
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
        var stored = await WriteAsync(async c =>
        {
            // The lock comes first: a retry racing its first attempt on another instance waits here, then finds its outcome.
            var (key, info) = await LockAsync(c, workspace, resultId, cancellationToken);
            if (idempotencyKey is not null && await StoredBatchAsync(c, key, idempotencyKey.Value, cancellationToken) is { } stored)
            {
                await idempotencyKey.RequireSameBodyAsync(stored.BodyHash, rows, cancellationToken);
                return JsonSerializer.Deserialize<AppendOutcome>(stored.Outcome, EvalstoreJson.Options)! with { Replayed = true };
            }
            EnsureRunning(info);
            var outcome = await AppendCoreAsync(c, key, info, rows, cancellationToken);
            if (idempotencyKey is not null)
            {
                await ExecuteAsync(c, """
                    INSERT INTO batches (result_key, idempotency_key, outcome, created_at, body_sha256) VALUES (@k, @i, @o::json, @t, @h)
                    """,
                    cancellationToken, ("k", key), ("i", idempotencyKey.Value), ("o", EvalstoreJson.Serialize(outcome)), ("t", Now()),
                    ("h", await idempotencyKey.BodyHashAsync(cancellationToken)));
            }
            return outcome;
        }, cancellationToken);
        ingest.Rows(stored.Replayed ? 0 : stored.RowsAccepted);
        return stored;
    }

    private static async Task<(string Outcome, byte[]? BodyHash)?> StoredBatchAsync(NpgsqlConnection connection, long key,
        string idempotencyKey,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "SELECT outcome::text, body_sha256 FROM batches WHERE result_key = @k AND idempotency_key = @i",
            ("k", key), ("i", idempotencyKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1))
            : null;
    }

    /// <summary>Stores a batch into a result whose row the caller's transaction has locked.</summary>
    private async Task<AppendOutcome> AppendCoreAsync(NpgsqlConnection connection, long key, ResultInfo info,
        IAsyncEnumerable<IngestRow> rows, CancellationToken cancellationToken)
    {
        long next;
        int chunks;
        bool columnar;
        await using (var state =
            Command(connection, "SELECT next_row_index, chunk_count, columnar FROM results WHERE result_key = @k", ("k", key)))
        await using (var reader = await state.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (next, chunks, columnar) = (reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2));
        }
        long accepted = 0;
        long? first = null;
        long? last = null;
        var maxTrials = 0;
        long newItems;
        await using (var writer =
            await PostgresRowWriter.StartAsync(this, connection, key, info.Name, next, columnar, chunks, cancellationToken))
        {
            // Parsing runs ahead on another thread while this one writes (as in SQLite): one core each.
            await foreach (var row in rows.RunAhead(cancellationToken: cancellationToken))
            {
                var index = row.RowIndex ??= next;
                next = Math.Max(next, index + 1);
                await writer.WriteAsync(row, cancellationToken);
                accepted++;
                first = Math.Min(first ?? index, index);
                last = Math.Max(last ?? index, index);
                maxTrials = Math.Max(maxTrials, row.Trial + 1);
            }
            newItems = await writer.FinishAsync(cancellationToken);
            chunks += writer.ChunksWritten;
        }
        var total = (long)(await ScalarAsync(connection, """
            UPDATE results SET row_count = row_count + @n, next_row_index = @next, max_trials = GREATEST(max_trials, @trials),
                items_stored = items_stored + @items, chunk_count = @chunks, updated_at = @now
            WHERE result_key = @k RETURNING row_count
            """, cancellationToken, ("n", accepted), ("next", next), ("trials", maxTrials), ("items", newItems), ("chunks", chunks),
            ("now", Now()), ("k", key)))!;
        return new AppendOutcome { RowsAccepted = accepted, TotalRows = total, FirstRowIndex = first, LastRowIndex = last };
    }

    /// <inheritdoc />
    public async Task<ResultInfo> CompleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default) =>
        await WriteAsync(async c =>
        {
            var (key, info) = await LockAsync(c, workspace, resultId, cancellationToken);
            EnsureRunning(info);
            return await CompleteCoreAsync(c, key, info, cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ResultInfo> ImportResultAsync(string workspace, RunSpec spec, IAsyncEnumerable<IngestRow> rows,
        CancellationToken cancellationToken = default)
    {
        Names.Workspace(workspace);
        spec = RunSpecRules.Normalize(spec);
        using var ingest = EvalstoreTelemetry.Ingest("import", workspace);
        var imported = await WriteAsync(async c =>
        {
            var (key, info) = await InsertAsync(c, workspace, spec, cancellationToken);
            await AppendCoreAsync(c, key, info, rows, cancellationToken);
            return await CompleteCoreAsync(c, key, info, cancellationToken);
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
        // One transaction for the whole batch: all its results or none, one commit.
        var imported = await WriteAsync(async c =>
        {
            var results = new List<ResultInfo>();
            await foreach (var import in imports.WithCancellation(cancellationToken))
            {
                var (key, info) = await InsertAsync(c, workspace, RunSpecRules.Normalize(import.Spec), cancellationToken);
                await AppendCoreAsync(c, key, info, import.Rows, cancellationToken);
                results.Add(await CompleteCoreAsync(c, key, info, cancellationToken));
            }
            return results;
        }, cancellationToken);
        ingest.Rows(imported.Sum(r => r.RowCount));
        return imported;
    }
}
