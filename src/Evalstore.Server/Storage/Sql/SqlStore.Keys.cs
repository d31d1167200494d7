using System.Data.Common;
using Dapper;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    private const string KeyColumns = "id, workspace, role, prefix, description, created_at, revoked_at";

    /// <inheritdoc cref="IEvalStore.CreateKeyAsync" />
    public async Task<CreatedApiKey> CreateKeyAsync(
        string workspace, KeyRole role, string? description = null, CancellationToken cancellationToken = default)
    {
        Names.Workspace(workspace);
        var secret = ApiKeySecrets.NewSecret();
        var info = new ApiKeyInfo
        {
            Id = ApiKeySecrets.NewId(),
            Workspace = workspace,
            Role = role,
            Prefix = ApiKeySecrets.Display(secret),
            Description = description,
            CreatedAt = Now(),
        };
        await InTransactionAsync(async (c, t) =>
        {
            await EnsureWorkspaceAsync(c, t, workspace, info.CreatedAt, cancellationToken);
            return await c.ExecuteAsync(Command("""
                INSERT INTO api_keys (id, workspace, role, hash, prefix, description, created_at)
                VALUES (@id, @w, @role, @hash, @prefix, @d, @t)
                """, Args(("id", info.Id), ("w", workspace), ("role", Text(role)), ("hash", ApiKeySecrets.Hash(secret)),
                ("prefix", info.Prefix), ("d", description), ("t", Dialect.Instant(info.CreatedAt))), t, cancellationToken));
        }, cancellationToken);
        return new CreatedApiKey(info, secret);
    }

    /// <inheritdoc cref="IEvalStore.ListKeysAsync" />
    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? workspace, CancellationToken cancellationToken = default) =>
        InReadAsync<IReadOnlyList<ApiKeyInfo>>(async c =>
        {
            var sql = $"SELECT {KeyColumns} FROM api_keys {(workspace is null ? "" : "WHERE workspace = @w")} ORDER BY created_at";
            await using var reader = await c.ExecuteReaderAsync(Command(sql, Args(("w", workspace)), null, cancellationToken));
            var keys = new List<ApiKeyInfo>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(ReadKey(reader));
            }
            return keys;
        }, cancellationToken);

    /// <inheritdoc cref="IEvalStore.RevokeKeyAsync" />
    public Task<bool> RevokeKeyAsync(string workspace, string keyId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) =>
        {
            var revoked = await c.ExecuteAsync(Command(
                "UPDATE api_keys SET revoked_at = @t WHERE id = @id AND workspace = @w AND revoked_at IS NULL",
                Args(("t", Dialect.Instant(Now())), ("id", keyId), ("w", workspace)), t, cancellationToken)) > 0;
            // The web UI's sessions made from the key end with it, in the same transaction.
            await c.ExecuteAsync(Command("DELETE FROM ui_sessions WHERE key_id = @id AND EXISTS " +
                "(SELECT 1 FROM api_keys WHERE id = @id AND workspace = @w AND revoked_at IS NOT NULL)",
                Args(("id", keyId), ("w", workspace)), t, cancellationToken));
            return revoked;
        }, cancellationToken);

    /// <inheritdoc cref="IServerStore.AuthenticateAsync" />
    public Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default) =>
        InReadAsync(async c =>
        {
            await using var reader = await c.ExecuteReaderAsync(Command(
                $"SELECT {KeyColumns} FROM api_keys WHERE hash = @h AND revoked_at IS NULL",
                Args(("h", ApiKeySecrets.Hash(secret))), null, cancellationToken));
            return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
        }, cancellationToken);

    /// <inheritdoc cref="IServerStore.AnyKeysAsync" />
    public Task<bool> AnyKeysAsync(CancellationToken cancellationToken = default) =>
        InReadAsync(async c => await c.ExecuteScalarAsync<long?>(
            Command("SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1", null, null, cancellationToken)) is not null,
            cancellationToken);

    private ApiKeyInfo ReadKey(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Workspace = reader.GetString(1),
        Role = Enum.Parse<KeyRole>(reader.GetString(2), ignoreCase: true),
        Prefix = reader.GetString(3),
        Description = reader.IsDBNull(4) ? null : reader.GetString(4),
        CreatedAt = Dialect.ReadInstant(reader, 5)!.Value,
        RevokedAt = Dialect.ReadInstant(reader, 6),
    };
}
