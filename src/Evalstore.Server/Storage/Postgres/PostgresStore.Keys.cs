using Evalstore.Core;
using Evalstore.Core.Model;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string KeyColumns = "id, workspace, role, prefix, description, created_at, revoked_at";

    /// <inheritdoc />
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
            CreatedAt = Timestamps.Now(),
        };
        await WriteAsync(async c =>
        {
            await ExecuteAsync(c, "INSERT INTO workspaces (name, created_at) VALUES (@w, @t) ON CONFLICT DO NOTHING", cancellationToken,
                ("w", workspace), ("t", info.CreatedAt));
            return await ExecuteAsync(c, """
                INSERT INTO api_keys (id, workspace, role, hash, prefix, description, created_at)
                VALUES (@id, @w, @role, @hash, @prefix, @d, @t)
                """, cancellationToken, ("id", info.Id), ("w", workspace), ("role", Text(role)), ("hash", ApiKeySecrets.Hash(secret)),
                ("prefix", info.Prefix), ("d", description), ("t", info.CreatedAt));
        }, cancellationToken);
        return new CreatedApiKey(info, secret);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ApiKeyInfo>>(async c =>
        {
            await using var command = Command(c,
                $"SELECT {KeyColumns} FROM api_keys {(workspace is null ? "" : "WHERE workspace = @w")} ORDER BY created_at",
                    ("w", workspace));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<ApiKeyInfo>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(ReadKey(reader));
            }
            return keys;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> RevokeKeyAsync(string workspace, string keyId, CancellationToken cancellationToken = default) =>
        await WriteAsync(async c => await ExecuteAsync(c,
            "UPDATE api_keys SET revoked_at = @t WHERE id = @id AND workspace = @w AND revoked_at IS NULL",
            cancellationToken, ("t", Timestamps.Now()), ("id", keyId), ("w", workspace)) > 0, cancellationToken);

    /// <inheritdoc />
    public Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default) =>
        ReadAsync(async c =>
        {
            await using var command = Command(c, $"SELECT {KeyColumns} FROM api_keys WHERE hash = @h AND revoked_at IS NULL",
                ("h", ApiKeySecrets.Hash(secret)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> AnyKeysAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async c => await ScalarAsync(c, "SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1", cancellationToken) is not null,
            cancellationToken);

    private static ApiKeyInfo ReadKey(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Workspace = reader.GetString(1),
        Role = Enum.Parse<KeyRole>(reader.GetString(2), ignoreCase: true),
        Prefix = reader.GetString(3),
        Description = reader.IsDBNull(4) ? null : reader.GetString(4),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
        RevokedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
    };
}
