using Dapper;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    // A session's last-seen time is written at most this often, so browsing does not turn every page into a write.
    private static readonly TimeSpan s_lastSeenPrecision = TimeSpan.FromMinutes(1);

    /// <inheritdoc cref="IServerStore.CreateSessionAsync" />
    public Task CreateSessionAsync(UiSessionRecord session, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) =>
        {
            // Expired sessions are swept whenever one is made, so the table holds about as many rows as live sessions.
            var created = Dialect.Instant(session.CreatedAt);
            await c.ExecuteAsync(Command("DELETE FROM ui_sessions WHERE expires_at <= @now", Args(("now", created)), t, cancellationToken));
            return await c.ExecuteAsync(Command("""
                INSERT INTO ui_sessions (id_hash, key_id, created_at, expires_at, last_seen_at)
                SELECT @h, id, @t, @e, @t FROM api_keys WHERE id = @k AND revoked_at IS NULL
                """, Args(("h", session.IdHash), ("k", session.KeyId), ("t", created), ("e", Dialect.Instant(session.ExpiresAt))),
                t, cancellationToken));
        }, cancellationToken);

    /// <inheritdoc cref="IServerStore.AuthenticateSessionAsync" />
    public async Task<ApiKeyInfo?> AuthenticateSessionAsync(byte[] idHash, DateTimeOffset now, TimeSpan idleTimeout,
        CancellationToken cancellationToken = default)
    {
        var found = await InReadAsync(async c =>
        {
            await using var reader = await c.ExecuteReaderAsync(Command("""
                SELECT k.id, k.workspace, k.role, k.prefix, k.description, k.created_at, k.revoked_at, s.expires_at, s.last_seen_at
                FROM ui_sessions s JOIN api_keys k ON k.id = s.key_id
                WHERE s.id_hash = @h AND k.revoked_at IS NULL
                """, Args(("h", idHash)), null, cancellationToken));
            return await reader.ReadAsync(cancellationToken)
                ? (Key: ReadKey(reader), Expires: Dialect.ReadInstant(reader, 7)!.Value, LastSeen: Dialect.ReadInstant(reader, 8)!.Value)
                : ((ApiKeyInfo Key, DateTimeOffset Expires, DateTimeOffset LastSeen)?)null;
        }, cancellationToken);
        if (found is not { } session)
        {
            return null;
        }
        if (now >= session.Expires || now >= session.LastSeen + idleTimeout)
        {
            await DeleteSessionAsync(idHash, cancellationToken);
            return null;
        }
        if (now - session.LastSeen >= s_lastSeenPrecision)
        {
            await InTransactionAsync((c, t) => c.ExecuteAsync(Command("UPDATE ui_sessions SET last_seen_at = @now WHERE id_hash = @h",
                Args(("now", Dialect.Instant(now)), ("h", idHash)), t, cancellationToken)), cancellationToken);
        }
        return session.Key;
    }

    /// <inheritdoc cref="IServerStore.DeleteSessionAsync" />
    public Task<bool> DeleteSessionAsync(byte[] idHash, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, t) => await c.ExecuteAsync(Command("DELETE FROM ui_sessions WHERE id_hash = @h",
            Args(("h", idHash)), t, cancellationToken)) > 0, cancellationToken);
}
