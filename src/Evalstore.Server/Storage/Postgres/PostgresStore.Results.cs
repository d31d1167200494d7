using System.Data.Common;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string ResultColumns = ResultRecords.Columns;

    private protected override async Task<ResultInfo> InsertResultAsync(DbConnection connection, DbTransaction transaction,
        string workspace, RunSpec spec, CancellationToken cancellationToken) =>
        (await InsertAsync((NpgsqlConnection)connection, workspace, spec, cancellationToken)).Info;

    private async Task<(long Key, ResultInfo Info)> InsertAsync(NpgsqlConnection connection, string workspace, RunSpec spec,
        CancellationToken cancellationToken)
    {
        var now = Now();
        var info = ResultRecords.New(workspace, spec, now);
        await ExecuteAsync(
            connection, "INSERT INTO workspaces (name, created_at) VALUES (@w, @t) ON CONFLICT DO NOTHING", cancellationToken,
            ("w", workspace), ("t", now));
        try
        {
            var key = (long)(await ScalarAsync(connection, """
                INSERT INTO results (id, workspace, project, name, kind, status, model, dataset, metric, benchmark, evaluation,
                    labels, config, created_by, spec, created_at, updated_at, queued_at, started_at)
                VALUES (@id, @w, @p, @n, @k, 'running', @model, @dataset, @metric, @benchmark, @evaluation,
                    @labels::json, @config::json, @by, @spec::json, @now, @now, @queued, @started)
                RETURNING result_key
                """, cancellationToken,
                ("id", info.Id), ("w", workspace), ("p", info.Project), ("n", info.Name), ("k", Text(info.Kind)),
                ("model", info.Model), ("dataset", info.Dataset), ("metric", info.Metric), ("benchmark", info.Benchmark),
                ("evaluation", info.Evaluation), ("labels", EvalstoreJson.Serialize(info.Labels)),
                ("config", info.Config is { } config ? config.GetRawText() : null), ("by", info.CreatedBy),
                ("spec", EvalstoreJson.Serialize(StoredSpec.From(spec))), ("now", now),
                ("queued", Stored(info.QueuedAt)), ("started", Stored(info.StartedAt))))!;
            return (key, info);
        }
        catch (PostgresException e) when (IsUniqueViolation(e))
        {
            throw EvalstoreException.Conflict($"A result named '{spec.Name}' already exists in workspace '{workspace}'.");
        }
    }

    /// <inheritdoc />
    public Task<ResultInfo?> GetResultAsync(string workspace, string idOrName, CancellationToken cancellationToken = default) =>
        ReadAsync(async c =>
        {
            var found = await FindAsync(c, workspace, idOrName, forUpdate: false, cancellationToken);
            return found is { } f ? f.Info with { Scores = (await LoadAggregatesAsync(c, [f.Key], cancellationToken))[f.Key] } : null;
        }, cancellationToken);

    /// <summary>
    /// Finds a live result by UUID or name. <paramref name="forUpdate"/> locks its row until the transaction ends, which
    /// serializes every write to one result across all server instances (appends, completion, failure).
    /// </summary>
    private static async Task<(long Key, ResultInfo Info)?> FindAsync(NpgsqlConnection connection, string workspace, string idOrName,
        bool forUpdate, CancellationToken cancellationToken)
    {
        var byId = Guid.TryParse(idOrName, out var id);
        await using var command = Command(connection,
            $"SELECT {ResultColumns} FROM results WHERE workspace = @w AND deleted_at IS NULL AND {(byId ? "id" : "name")} = @ref"
            + (forUpdate ? " FOR UPDATE" : ""),
            ("w", workspace), ("ref", byId ? id : Names.Lookup(idOrName)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadResult(reader) : null;
    }

    /// <summary>Finds a live result for a read (no lock); 404 when there is none.</summary>
    private static async Task<(long Key, ResultInfo Info)> RequireAsync(NpgsqlConnection connection, string workspace, Guid id,
        CancellationToken cancellationToken) =>
        await FindAsync(connection, workspace, id.ToString(), forUpdate: false, cancellationToken)
        ?? throw EvalstoreException.NotFound($"No result with id '{id}' in workspace '{workspace}'.");

    /// <summary>Finds and locks a live result for a write; 404 when there is none.</summary>
    private static async Task<(long Key, ResultInfo Info)> LockAsync(NpgsqlConnection connection, string workspace, Guid id,
        CancellationToken cancellationToken) =>
        await FindAsync(connection, workspace, id.ToString(), forUpdate: true, cancellationToken)
        ?? throw EvalstoreException.NotFound($"No result with id '{id}' in workspace '{workspace}'.");

    private static (long Key, ResultInfo Info) ReadResult(NpgsqlDataReader r) =>
        ResultRecords.Read(
            r, (reader, i) => reader.GetGuid(i), (reader, i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i));

    private static async Task<Dictionary<long, IReadOnlyList<ScoreAggregate>>> LoadAggregatesAsync(NpgsqlConnection connection,
        IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        var lists = keys.ToDictionary(k => k, _ => new List<ScoreAggregate>());
        if (keys.Count > 0)
        {
            await using var command = Command(connection,
                "SELECT result_key, body FROM aggregates WHERE result_key = ANY(@keys) ORDER BY result_key, score_id",
                    ("keys", keys.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lists[reader.GetInt64(0)].Add(JsonSerializer.Deserialize<ScoreAggregate>(reader.GetString(1), EvalstoreJson.Options)!);
            }
        }
        return lists.ToDictionary(p => p.Key, p => (IReadOnlyList<ScoreAggregate>)p.Value);
    }

    /// <inheritdoc />
    public async Task<ResultInfo> FailResultAsync(
        string workspace, Guid resultId, string errorDescription, CancellationToken cancellationToken = default) =>
        await WriteAsync(async c =>
        {
            var (key, info) = await LockAsync(c, workspace, resultId, cancellationToken);
            EnsureRunning(info);
            var now = Now();
            await ExecuteAsync(c,
                "UPDATE results SET status = 'failed', error_description = @e, finished_at = @now, updated_at = @now WHERE result_key = @k",
                cancellationToken, ("e", errorDescription), ("now", now), ("k", key));
            await LatestRemovedAsync(c, null, [key], cancellationToken);
            return info with { Status = ResultStatus.Failed, ErrorDescription = errorDescription, FinishedAt = now, UpdatedAt = now };
        }, cancellationToken);

    private static void EnsureRunning(ResultInfo info)
    {
        if (info.IsFinal)
        {
            throw EvalstoreException.Conflict($"Result '{info.Name}' is {Text(info.Status)}: a finished result is immutable.");
        }
    }


    /// <summary>An instant as PostgreSQL stores it: UTC, whole microseconds (what SQLite's text form keeps, too).</summary>
    private static DateTimeOffset? Stored(DateTimeOffset? value) =>
        value is { } v ? new DateTimeOffset(v.UtcTicks - v.UtcTicks % 10, TimeSpan.Zero) : null;

    private static string? NullableString(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
