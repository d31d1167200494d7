using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Security;

/// <summary>
/// Server-side sessions of the web UI. Signing in makes a random 256-bit id, stores its SHA-256 with the key and an
/// expiry, and gives the browser the id in <see cref="SessionCookie"/>; the key's secret never travels again. A session
/// ends at sign-out, when its key is revoked, after <see cref="ServerOptions.SessionLifetime"/>, or when unused for
/// <see cref="ServerOptions.SessionIdleTimeout"/>, all read from <see cref="ServerOptions.Clock"/>.
/// </summary>
internal sealed class UiSessions(IServerStore store, ServerOptions options)
{
    /// <summary>Starts a session for a key the caller just proved it holds, and sets the cookie.</summary>
    public async Task StartAsync(HttpContext context, ApiKeyInfo key)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = options.Clock.GetUtcNow();
        await store.CreateSessionAsync(new UiSessionRecord(Hash(id), key.Id, now, now + options.SessionLifetime), context.RequestAborted);
        SessionCookie.Set(context, id);
    }

    /// <summary>
    /// The key of the live session with this id, else null. A cookie from before sessions (the raw API key itself) is
    /// looked up like any id and so is refused: its holder signs in again.
    /// </summary>
    public Task<ApiKeyInfo?> AuthenticateAsync(string sessionId, CancellationToken cancellationToken) =>
        store.AuthenticateSessionAsync(Hash(sessionId), options.Clock.GetUtcNow(), options.SessionIdleTimeout, cancellationToken);

    /// <summary>Ends the request's session on the server and clears the cookie.</summary>
    public async Task EndAsync(HttpContext context)
    {
        if (SessionCookie.Read(context.Request) is { } id)
        {
            await store.DeleteSessionAsync(Hash(id), context.RequestAborted);
        }
        SessionCookie.Clear(context);
    }

    private static byte[] Hash(string sessionId) => SHA256.HashData(Encoding.UTF8.GetBytes(sessionId));
}
