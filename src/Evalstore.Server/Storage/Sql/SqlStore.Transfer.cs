using System.Data.Common;
using Dapper;
using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    /// <inheritdoc cref="IStoreTransfer.ListWorkspacesAsync" />
    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellationToken = default) =>
        InReadAsync<IReadOnlyList<string>>(async c => [.. await c.QueryAsync<string>(Command("""
            SELECT name FROM workspaces UNION SELECT workspace FROM results WHERE deleted_at IS NULL
            UNION SELECT workspace FROM api_keys ORDER BY 1
            """, null, null, cancellationToken))], cancellationToken);

    /// <inheritdoc cref="IStoreTransfer.ReadKeysAsync" />
    public Task<IReadOnlyList<StoredApiKey>> ReadKeysAsync(CancellationToken cancellationToken = default) =>
        InReadAsync<IReadOnlyList<StoredApiKey>>(async c =>
        {
            await using var reader = await c.ExecuteReaderAsync(Command(
                "SELECT id, workspace, role, hash, prefix, description, created_at, revoked_at FROM api_keys ORDER BY id",
                null, null, cancellationToken));
            var keys = new List<StoredApiKey>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new StoredApiKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), Dialect.ReadInstant(reader, 6)!.Value,
                    Dialect.ReadInstant(reader, 7)));
            }
            return keys;
        }, cancellationToken);

    /// <inheritdoc cref="IStoreTransfer.PutKeysAsync" />
    public async Task<int> PutKeysAsync(IReadOnlyList<StoredApiKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var changed = 0;
        foreach (var key in keys)
        {
            changed += await PutKeyAsync(key, cancellationToken) ? 1 : 0;
        }
        return changed;
    }

    /// <summary>Stores a key as it is (or updates its revocation); false when the same key was there already.</summary>
    public Task<bool> PutKeyAsync(StoredApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Names.Workspace(key.Workspace);
        return InTransactionAsync(async (c, t) =>
        {
            await EnsureWorkspaceAsync(c, t, key.Workspace, key.CreatedAt, cancellationToken);
            // A key already copied is left alone unless it was revoked since; a different key with the same id is a conflict.
            var changed = await c.ExecuteAsync(Command("""
                INSERT INTO api_keys (id, workspace, role, hash, prefix, description, created_at, revoked_at)
                VALUES (@id, @w, @role, @hash, @prefix, @d, @t, @r)
                ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at
                WHERE api_keys.hash = excluded.hash AND api_keys.revoked_at IS DISTINCT FROM excluded.revoked_at
                """, Args(("id", key.Id), ("w", key.Workspace), ("role", key.Role), ("hash", key.Hash), ("prefix", key.Prefix),
                ("d", key.Description), ("t", Dialect.Instant(key.CreatedAt)), ("r", Instant(key.RevokedAt))), t, cancellationToken));
            if (changed == 0 && await c.ExecuteScalarAsync<long?>(Command("SELECT 1 FROM api_keys WHERE id = @id AND hash = @hash",
                Args(("id", key.Id), ("hash", key.Hash)), t, cancellationToken)) is null)
            {
                throw EvalstoreException.Conflict($"A different API key with id '{key.Id}' exists already.");
            }
            return changed > 0;
        }, cancellationToken);
    }

    /// <summary>
    /// Gives a result just written by a copy its original identity: id, status, error and every timestamp (inserting
    /// and completing stamped it now, with a new id).
    /// </summary>
    private protected async Task StampCopyAsync(DbConnection connection, DbTransaction transaction, long key, ResultInfo original,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(Command("""
            UPDATE results SET id = @id, status = @status, error_description = @error, created_at = @created,
                updated_at = @updated, queued_at = @queued, started_at = @started, finished_at = @finished
            WHERE result_key = @k
            """, Args(("id", Dialect.Id(original.Id)), ("status", Text(original.Status)), ("error", original.ErrorDescription),
            ("created", Dialect.Instant(original.CreatedAt)), ("updated", Dialect.Instant(original.UpdatedAt)),
            ("queued", Instant(original.QueuedAt)), ("started", Instant(original.StartedAt)), ("finished", Instant(original.FinishedAt)),
            ("k", key)), transaction, cancellationToken));
        // The stamp rewrites status and creation time, so the leaderboard summary is redone for this result.
        await LatestRemovedAsync(connection, transaction, [key], cancellationToken);
        await LatestCompletedAsync(connection, transaction, key, cancellationToken);
    }

    /// <summary>Writes a copied result's side documents inside its transaction.</summary>
    private protected async Task InsertDocumentsAsync(DbConnection connection, DbTransaction transaction, long key,
        IReadOnlyList<ResultDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }
        var now = Dialect.Instant(Now());
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO result_documents (result_key, key, body, updated_at) VALUES (@k, @key, @body, @now)",
            documents.Select(d => Args(("k", key), ("key", d.Key), ("body", d.Json.ToArray()), ("now", now))).ToList(), transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The run spec a stored result was created from (what <see cref="IStoreTransfer.PutResultAsync"/> inserts).</summary>
    private protected static RunSpec SpecOf(ResultInfo info) => new()
    {
        Name = info.Name,
        Project = info.Project,
        Kind = info.Kind,
        Model = info.Model,
        Dataset = info.Dataset,
        Metric = info.Metric,
        Benchmark = info.Benchmark,
        Evaluation = info.Evaluation,
        Labels = info.Labels,
        Config = info.Config,
        CreatedBy = info.CreatedBy,
        Metrics = info.Metrics,
        StarMetric = info.StarMetric,
        ClusterKey = info.ClusterKey,
        CorpusScores = info.CorpusScores,
        QueuedAt = info.QueuedAt,
        StartedAt = info.StartedAt,
    };

    private object? Instant(DateTimeOffset? instant) => instant is { } value ? Dialect.Instant(value) : null;
}
