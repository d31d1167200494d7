namespace Evalstore.Server.Ui;

/// <summary>
/// Response headers of every page: a strict content security policy (the pages run no script and load nothing
/// from elsewhere), no framing, no MIME sniffing, and no referrer leaving the site.
/// </summary>
internal static class UiHeaders
{
    private const string Policy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpContext? context)
    {
        if (context is null || context.Response.HasStarted)
        {
            return;
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }
}
