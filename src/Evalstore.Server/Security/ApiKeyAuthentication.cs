using Evalstore.Core;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Antiforgery;

namespace Evalstore.Server.Security;

/// <summary>
/// Resolves the caller of every request. A present but unknown key is a 401. Without a key, a request passes only
/// while the store has no keys at all and the client is on loopback. The web UI's pages redirect to sign-in instead
/// of answering 401, and a write authenticated only by the UI's session cookie needs an antiforgery token. Too many
/// failures from one address get 429 (<see cref="AuthFailureLimiter"/>).
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, IServerStore store, KeyPresence presence, IAntiforgery antiforgery,
    AuthFailureLimiter failures, UiSessions sessions)
{
    private static readonly string[] s_open = ["/healthz", "/openapi", "/static", "/favicon.ico", "/signin", SignedUrls.DownloadPrefix];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var secret = Credentials.Read(context.Request);
        // The Authorization header wins over the UI's cookie; the cookie holds a session id, never a key.
        var sessionId = secret is null ? SessionCookie.Read(context.Request) : null;
        if (secret is not null || sessionId is not null)
        {
            var key = secret is not null
                ? await store.AuthenticateAsync(secret, context.RequestAborted)
                : await sessions.AuthenticateAsync(sessionId!, context.RequestAborted);
            if (key is null && !IsOpen(path))
            {
                if (await LimitedAsync(context))
                {
                    return;
                }
                if (UiRoutes.IsUiPath(path))
                {
                    // An ended session (signed out, expired, key revoked) or an old cookie holding a raw key: forget it and
                    // sign in again, rather than show a 401 body.
                    SessionCookie.Clear(context);
                    context.Response.Redirect(UiRoutes.SignInFor(context.Request));
                    return;
                }
                throw EvalstoreException.Unauthorized(secret is not null
                    ? "The API key is not valid (unknown or revoked)."
                    : "The browser session has ended (signed out, expired, or its key was revoked): sign in again.");
            }
            if (key is not null && sessionId is not null && IsWrite(context.Request) && !await antiforgery.IsRequestValidAsync(context))
            {
                // The browser sends the cookie by itself, so a write it authenticates must prove it came from our own form.
                throw EvalstoreException.Forbidden(
                    "A write signed in by the browser session must come from an Evalstore page (its antiforgery token is missing or " +
                        "invalid); " +
                    "API clients send the key in the Authorization header.");
            }
            context.SetCaller(key is null ? Caller.Anonymous : new Caller(key));
        }
        else if (!IsOpen(path))
        {
            if (await presence.AnyAsync(context.RequestAborted))
            {
                if (UiRoutes.IsUiPath(path))
                {
                    context.Response.Redirect(UiRoutes.SignInFor(context.Request));
                    return;
                }
                if (await LimitedAsync(context))
                {
                    return;
                }
                throw EvalstoreException.Unauthorized(
                    "An API key is required: send 'Authorization: Bearer <key>' or HTTP Basic with user 'api' and the key as password.");
            }
            if (!LoopbackGuard.IsLoopback(context))
            {
                if (await LimitedAsync(context))
                {
                    return;
                }
                throw EvalstoreException.Unauthorized("This server has no API keys, so it only answers clients on loopback.");
            }
        }
        await next(context);
    }

    /// <summary>Counts a failed authentication; true when the address is over its limit and a 429 was answered.</summary>
    private async Task<bool> LimitedAsync(HttpContext context)
    {
        if (failures.Fail(context) is not { } limited)
        {
            return false;
        }
        context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ErrorResponses.WriteAsync(context, limited.Problem);
        return true;
    }

    private static bool IsOpen(PathString path) => s_open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static bool IsWrite(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
}

/// <summary>
/// Whether any API key exists, re-read at most once a second: creating the first key (from any instance) switches
/// the server to required authentication within a second, without a query per request.
/// </summary>
internal sealed class KeyPresence(IServerStore store, TimeProvider clock)
{
    private static readonly TimeSpan s_maxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private bool _any;
    private long? _checkedAt;

    public async ValueTask<bool> AnyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            if (_checkedAt is { } checkedAt && clock.GetElapsedTime(checkedAt, now) < s_maxAge)
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
