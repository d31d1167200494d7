namespace Evalstore.Server.Security;

/// <summary>
/// The web UI's session cookie: a random session id (never the API key), HTTP-only, SameSite=Strict and Secure over
/// HTTPS, so that scripts cannot read it and other sites cannot send it. It lives for the browser session; the server
/// decides how long the session itself lives (<see cref="UiSessions"/>).
/// </summary>
internal static class SessionCookie
{
    public const string Name = "evalstore_session";

    public static void Set(HttpContext context, string sessionId) =>
        context.Response.Cookies.Append(Name, sessionId, Options(context));

    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context));

    /// <summary>The session id the browser sent, if any.</summary>
    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var session) && !string.IsNullOrEmpty(session) ? session : null;

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
