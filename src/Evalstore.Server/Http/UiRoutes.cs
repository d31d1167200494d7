namespace Evalstore.Server.Http;

/// <summary>
/// The paths the web UI owns. Requests to them get HTML: a redirect to sign in instead of a 401 body, and a friendly
/// error page instead of problem details. Everything else (the APIs, vendor surfaces) keeps its machine formats.
/// </summary>
internal static class UiRoutes
{
    public const string SignIn = "/signin";
    public const string SignOut = "/signout";

    private static readonly string[] s_sections =
        ["/results", "/compare", "/leaderboard", "/trends", "/items", "/reports", SignIn, SignOut];

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

    /// <summary>The trends page of a score over a dataset (or benchmark) and project; null when there is no series to draw.</summary>
    public static string? Trend(string score, string? dataset, string? benchmark, string? project)
    {
        if (dataset is null && benchmark is null && project is null)
        {
            return null;
        }
        var query = new List<KeyValuePair<string, string?>> { new("score", score) };
        query.AddRange(new[] { ("dataset", dataset), ("benchmark", dataset is null ? benchmark : null), ("project", project) }
            .Where(p => p.Item2 is not null).Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)));
        return "/trends" + QueryString.Create(query);
    }

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
