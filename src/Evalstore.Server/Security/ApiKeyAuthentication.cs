using Evalstore.Core;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Security;

/// <summary>
/// Resolves the caller of every request. A present but unknown key is a 401. Without a key, a request passes only
/// while the store has no keys at all and the client is on loopback.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, IServerStore store, KeyPresence presence)
{
    private static readonly string[] s_open = ["/healthz", "/openapi", "/static", "/favicon.ico", "/signin"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var secret = Credentials.Read(context.Request);
        if (secret is not null)
        {
            var key = await store.AuthenticateAsync(secret, context.RequestAborted);
            if (key is null && !IsOpen(path))
            {
                throw EvalstoreException.Unauthorized("The API key is not valid (unknown or revoked).");
            }
            context.SetCaller(key is null ? Caller.Anonymous : new Caller(key));
        }
        else if (!IsOpen(path))
        {
            if (await presence.AnyAsync(context.RequestAborted))
            {
                throw EvalstoreException.Unauthorized(
                    "An API key is required: send 'Authorization: Bearer <key>' or HTTP Basic with user 'api' and the key as password.");
            }
            if (!LoopbackGuard.IsLoopback(context))
            {
                throw EvalstoreException.Unauthorized("This server has no API keys, so it only answers clients on loopback.");
            }
        }
        await next(context);
    }

    private static bool IsOpen(PathString path) => s_open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Whether any API key exists, re-read at most once a second: creating the first key (from any instance) switches
/// the server to required authentication within a second, without a query per request.
/// </summary>
internal sealed class KeyPresence(IServerStore store)
{
    private readonly Lock _gate = new();
    private bool _any;
    private long? _checkedAt;

    public async ValueTask<bool> AnyAsync(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (_checkedAt is { } checkedAt && now - checkedAt < 1000)
            {
                return _any;
            }
        }
        var any = await store.AnyKeysAsync(cancellationToken);
        lock (_gate)
        {
            _any = any;
            _checkedAt = now;
        }
        return any;
    }
}
