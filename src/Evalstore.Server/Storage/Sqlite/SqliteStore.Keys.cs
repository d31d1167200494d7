using Evalstore.Core;
using Evalstore.Core.Model;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
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
        await WriteAsync((c, t) =>
        {
            Execute(c, t, "INSERT OR IGNORE INTO workspaces (name, created_at) VALUES ($w, $t)", ("$w", workspace),
                ("$t", Timestamps.ToText(info.CreatedAt)));
            return Task.FromResult(Execute(c, t, """
                INSERT INTO api_keys (id, workspace, role, hash, prefix, description, created_at)
                VALUES ($id, $w, $role, $hash, $prefix, $d, $t)
                """, ("$id", info.Id), ("$w", workspace), ("$role", Text(role)), ("$hash", ApiKeySecrets.Hash(secret)),
                ("$prefix", info.Prefix), ("$d", description), ("$t", Timestamps.ToText(info.CreatedAt))));
        }, cancellationToken);
        return new CreatedApiKey(info, secret);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ApiKeyInfo>>(c =>
        {
            using var command = Command(c, null,
                $"SELECT {KeyColumns} FROM api_keys {(workspace is null ? "" : "WHERE workspace = $w")} ORDER BY created_at",
                    ("$w", workspace));
            using var reader = command.ExecuteReader();
            var keys = new List<ApiKeyInfo>();
            while (reader.Read())
            {
                keys.Add(ReadKey(reader));
            }
            return keys;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> RevokeKeyAsync(string workspace, string keyId, CancellationToken cancellationToken = default) =>
        await WriteAsync((c, t) => Task.FromResult(Execute(c, t,
            "UPDATE api_keys SET revoked_at = $t WHERE id = $id AND workspace = $w AND revoked_at IS NULL",
            ("$t", Timestamps.ToText(Timestamps.Now())), ("$id", keyId), ("$w", workspace)) > 0), cancellationToken);

    /// <inheritdoc />
    public Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default) =>
        ReadAsync(c =>
        {
            using var command = Command(c, null, $"SELECT {KeyColumns} FROM api_keys WHERE hash = $h AND revoked_at IS NULL",
                ("$h", ApiKeySecrets.Hash(secret)));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadKey(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> AnyKeysAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(c => Scalar(c, null, "SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1") is not null, cancellationToken);

    private const string KeyColumns = "id, workspace, role, prefix, description, created_at, revoked_at";

    private static ApiKeyInfo ReadKey(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Workspace = reader.GetString(1),
        Role = Enum.Parse<KeyRole>(reader.GetString(2), ignoreCase: true),
        Prefix = reader.GetString(3),
        Description = reader.IsDBNull(4) ? null : reader.GetString(4),
        CreatedAt = Timestamps.Parse(reader.GetString(5)),
        RevokedAt = reader.IsDBNull(6) ? null : Timestamps.Parse(reader.GetString(6)),
    };
}
