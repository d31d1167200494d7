using System.Data.Common;
using Dapper;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string ResultColumns = ResultRecords.Columns;

    private protected override Task<ResultInfo> InsertResultAsync(DbConnection connection, DbTransaction transaction, string workspace,
        RunSpec spec, CancellationToken cancellationToken) =>
        Task.FromResult(Insert((SqliteConnection)connection, (SqliteTransaction)transaction, workspace, spec).Info);

    private (long Key, ResultInfo Info) Insert(
        SqliteConnection connection, SqliteTransaction transaction, string workspace, RunSpec spec)
    {
        var now = Now();
        var info = ResultRecords.New(workspace, spec, now);
        Execute(connection, transaction, "INSERT OR IGNORE INTO workspaces (name, created_at) VALUES ($w, $t)",
            ("$w", workspace), ("$t", Timestamps.ToText(now)));
        try
        {
            var key = (long)Scalar(connection, transaction, $"""
                INSERT INTO results (id, workspace, project, name, kind, status, model, dataset, metric, benchmark, evaluation,
                    labels, config, created_by, spec, created_at, updated_at, queued_at, started_at)
                VALUES ($id, $w, $p, $n, $k, 'running', $model, $dataset, $metric, $benchmark, $evaluation,
                    $labels, $config, $by, $spec, $now, $now, $queued, $started)
                RETURNING result_key
                """,
                ("$id", info.Id.ToString()), ("$w", workspace), ("$p", info.Project), ("$n", info.Name), ("$k", Text(info.Kind)),
                ("$model", info.Model), ("$dataset", info.Dataset), ("$metric", info.Metric), ("$benchmark", info.Benchmark),
                ("$evaluation", info.Evaluation), ("$labels", EvalstoreJson.Serialize(info.Labels)),
                ("$config", info.Config is { } config ? config.GetRawText() : null), ("$by", info.CreatedBy),
                ("$spec", EvalstoreJson.Serialize(StoredSpec.From(spec))), ("$now", Timestamps.ToText(now)),
                ("$queued", Timestamps.ToText(info.QueuedAt)), ("$started", Timestamps.ToText(info.StartedAt)))!;
            return (key, info);
        }
        catch (SqliteException e) when (IsUniqueViolation(e))
        {
            throw EvalstoreException.Conflict($"A result named '{spec.Name}' already exists in workspace '{workspace}'.");
        }
    }

    /// <inheritdoc />
    public Task<ResultInfo?> GetResultAsync(string workspace, string idOrName, CancellationToken cancellationToken = default) =>
        ReadAsync(c =>
        {
            var found = Find(c, null, workspace, idOrName);
            return found is { } f ? f.Info with { Scores = LoadAggregates(c, [f.Key])[f.Key] } : null;
        }, cancellationToken);

    /// <summary>Finds a live result by UUID or name.</summary>
    private static (long Key, ResultInfo Info)? Find(
        SqliteConnection connection, SqliteTransaction? transaction, string workspace, string idOrName)
    {
        var byId = Guid.TryParse(idOrName, out var id);
        using var command = Command(connection, transaction,
            $"SELECT {ResultColumns} FROM results WHERE workspace = $w AND deleted_at IS NULL AND {(byId ? "id" : "name")} = $ref",
            ("$w", workspace), ("$ref", byId ? id.ToString() : Names.Lookup(idOrName)));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadResult(reader) : null;
    }

    private static (long Key, ResultInfo Info) Require(
        SqliteConnection connection, SqliteTransaction? transaction, string workspace, Guid id) =>
        Find(connection, transaction, workspace, id.ToString())
        ?? throw EvalstoreException.NotFound($"No result with id '{id}' in workspace '{workspace}'.");

    private static (long Key, ResultInfo Info) ReadResult(SqliteDataReader r) => ResultRecords.Read(r,
        (reader, i) => Guid.Parse(reader.GetString(i)), (reader, i) => Timestamps.ParseOrNull(ResultRecords.NullableString(reader, i)));

    private static Dictionary<long, IReadOnlyList<ScoreAggregate>> LoadAggregates(SqliteConnection connection, IReadOnlyList<long> keys)
    {
        var result = keys.ToDictionary(k => k, _ => (IReadOnlyList<ScoreAggregate>)[]);
        if (keys.Count == 0)
        {
            return result;
        }
        var lists = keys.ToDictionary(k => k, _ => new List<ScoreAggregate>());
        using var command = Command(connection, null,
            $"SELECT result_key, body FROM aggregates WHERE result_key IN ({string.Join(",", keys)}) ORDER BY result_key, score_id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            lists[reader.GetInt64(0)].Add(EvalstoreJson.Deserialize<ScoreAggregate>(reader.GetFieldValue<byte[]>(1)));
        }
        foreach (var (key, list) in lists)
        {
            result[key] = list;
        }
        return result;
    }

    /// <inheritdoc />
    public async Task<ResultInfo> FailResultAsync(
        string workspace, Guid resultId, string errorDescription, CancellationToken cancellationToken = default) =>
        await WriteAsync(async (c, t) =>
        {
            var (key, info) = Require(c, t, workspace, resultId);
            EnsureRunning(info);
            var now = Now();
            Execute(c, t,
                "UPDATE results SET status = 'failed', error_description = $e, finished_at = $now, updated_at = $now WHERE result_key = $k",
                ("$e", errorDescription), ("$now", Timestamps.ToText(now)), ("$k", key));
            await LatestRemovedAsync(c, t, [key], cancellationToken);
            return info with { Status = ResultStatus.Failed, ErrorDescription = errorDescription, FinishedAt = now, UpdatedAt = now };
        }, cancellationToken);

    private static void EnsureRunning(ResultInfo info)
    {
        if (info.IsFinal)
        {
            throw EvalstoreException.Conflict($"Result '{info.Name}' is {Text(info.Status)}: a finished result is immutable.");
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default)
    {
        var deleted = await WriteAsync(async (c, t) =>
        {
            var key = await c.ExecuteScalarAsync<long?>(Command(
                "UPDATE results SET deleted_at = @now WHERE workspace = @w AND id = @id AND deleted_at IS NULL RETURNING result_key",
                Args(("now", Timestamps.ToText(Now())), ("w", workspace), ("id", resultId.ToString())), t, cancellationToken));
            if (key is { } deletedKey)
            {
                await LatestRemovedAsync(c, t, [deletedKey], cancellationToken);
            }
            return key is not null;
        }, cancellationToken);
        if (deleted)
        {
            await PurgeDeletedAsync(cancellationToken);
        }
        return deleted;
    }

    /// <summary>
    /// Removes the rows of deleted results in chunks, so a large delete never holds the write lock for long. The
    /// result itself disappeared from every query when it was marked deleted; this only reclaims space, and it
    /// resumes at the next start if the process stops half way.
    /// </summary>
    private protected override async Task PurgeDeletedAsync(CancellationToken cancellationToken)
    {
        const int chunk = 50_000;
        while (true)
        {
            var more = await WriteAsync((c, t) =>
            {
                if (Scalar(c, t, "SELECT result_key FROM results WHERE deleted_at IS NOT NULL LIMIT 1") is not long key)
                {
                    return Task.FromResult(false);
                }
                var removed = Execute(c, t, $"""
                    DELETE FROM rows WHERE (result_key, row_index, trial) IN
                        (SELECT result_key, row_index, trial FROM rows WHERE result_key = $k LIMIT {chunk})
                    """, ("$k", key));
                if (removed == 0)
                {
                    foreach (var table in new[] { "score_chunks", "row_chunks", "aggregates", "score_keys", "batches", "result_documents",
                        "results" })
                    {
                        Execute(c, t, $"DELETE FROM {table} WHERE result_key = $k", ("$k", key));
                    }
                }
                return Task.FromResult(true);
            }, cancellationToken);
            if (!more)
            {
                return;
            }
        }
    }


    private static string? NullableString(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
