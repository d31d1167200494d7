namespace Evalstore.Server.Http;

/// <summary>
/// The paths the web UI owns. Requests to them get HTML: a redirect to sign in instead of a 401 body, and a friendly
/// error page instead of problem details. Everything else (the APIs, vendor surfaces) keeps its machine formats.
/// </summary>
internal static class UiRoutes
{
    public const string SignIn = "/signin";
    public const string SignOut = "/signout";

    private static readonly string[] s_sections = ["/results", "/compare", "/leaderboard", "/items", SignIn, SignOut];

    public static bool IsUiPath(PathString path) =>
        !path.HasValue || path.Value == "/" || s_sections.Any(s => path.StartsWithSegments(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sign-in page, coming back to the current page afterwards.</summary>
    public static string SignInFor(HttpRequest request) =>
        $"{SignIn}?returnUrl={Uri.EscapeDataString(request.Path + request.QueryString)}";

    /// <summary>A local path to return to after signing in; anything else (another host, <c>//evil</c>) becomes the home page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && IsUiPath(PathOf(url))
            ? url
            : "/";

    public static string Result(Guid id) => $"/results/{id}";

    /// <summary>The item analysis of a dataset.</summary>
    public static string Items(string dataset) => $"/items?dataset={Uri.EscapeDataString(dataset)}";

    public static string Row(Guid id, long rowIndex) => $"/results/{id}/rows/{rowIndex}";

    /// <summary>A download of the result's rows in one format (the export endpoint of the native API).</summary>
    public static string Export(string workspace, Guid id, string format) =>
        format == "jsonl"
            ? $"/api/v1/workspaces/{Uri.EscapeDataString(workspace)}/results/{id}/rows"
            : $"/api/v1/workspaces/{Uri.EscapeDataString(workspace)}/results/{id}/export?format={format}";

    private static PathString PathOf(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        return new PathString(end >= 0 ? url[..end] : url);
    }
}
