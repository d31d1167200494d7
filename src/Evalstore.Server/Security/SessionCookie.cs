namespace Evalstore.Server.Security;

/// <summary>
/// The web UI's sign-in: the API key itself in an HTTP-only, SameSite=Strict cookie (Secure over HTTPS), so that
/// scripts cannot read it and other sites cannot send it. It lives for the browser session only.
/// </summary>
internal static class SessionCookie
{
    public static void Set(HttpContext context, string secret) =>
        context.Response.Cookies.Append(Credentials.SessionCookie, secret, Options(context));

    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Credentials.SessionCookie, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
