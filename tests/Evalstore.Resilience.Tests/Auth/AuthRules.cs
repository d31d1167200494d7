using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Evalstore.Resilience.Tests.Auth;

/// <summary>
/// What each kind of route expects of each caller, written down here independently of the server's own metadata: a
/// route that needs another rule must be named below, or the matrix fails.
/// </summary>
public static class AuthRules
{
    // Served to anyone: health, the OpenAPI document, static assets and the sign-in page.
    private static readonly string[] s_open = ["/healthz", "/openapi", "/static", "/signin"];

    // Web pages: without a valid key they redirect to sign-in; they show the key's own workspace.
    private static readonly string[] s_pages = ["/", "/results", "/compare", "/leaderboard", "/items", "/signout"];

    // Workspace-scoped APIs: a key of another workspace gets 404.
    private static readonly string[] s_scoped =
        ["/api/v1/workspaces/{workspace}", "/apis/evaluation/v2/workspaces/{workspace}", "/v2/{entity}/{project}"];

    // POST routes that only read (queries sent as a body), and routes only admins may use.
    private static readonly string[] s_readPosts = ["/api/v1/workspaces/{workspace}/gate", "/v2/{entity}/{project}/eval_results/query"];
    // The transfer routes (server -> server copy) read key hashes and write results with given ids: admin keys only.
    private static readonly string[] s_adminOnly =
        ["/api/v1/workspaces/{workspace}/keys", "/api/v1/workspaces/{workspace}/prune", "/metrics", "/api/v1/transfer",
            "/api/v1/workspaces/{workspace}/transfer"];

    // Signed, expiring download links: the signature is the credential, so a request without one is refused whoever asks.
    private const string SignedDownloads = "/downloads";

    /// <summary>Every method of every route endpoint.</summary>
    public static IReadOnlyList<Route> Routes(IEnumerable<RouteEndpoint> endpoints) =>
        endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, Pattern(e), e)))
            .Where(r => r.Method != "HEAD" && r.Method != "OPTIONS")
            .DistinctBy(r => (r.Method, r.Pattern))
            .ToList();

    private static string Pattern(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    public static Expected Expect(Route route, Caller caller)
    {
        var pattern = route.Pattern;
        if (Under(pattern, SignedDownloads))
        {
            return Expected.Refused;
        }
        if (s_open.Any(o => Under(pattern, o)))
        {
            return Expected.Allowed;
        }
        if (caller is Caller.NoKey or Caller.WrongKey)
        {
            return Expected.Unauthenticated;
        }
        var scoped = s_scoped.Any(s => Under(pattern, s));
        if (scoped && caller == Caller.OtherWorkspace)
        {
            return Expected.Hidden;
        }
        if (caller is Caller.Admin or Caller.OtherWorkspace)
        {
            return Expected.Allowed;
        }
        var needsAdmin = s_adminOnly.Any(a => Under(pattern, a));
        var needsWrite = !needsAdmin && route.Method != "GET" && !s_readPosts.Contains(pattern, StringComparer.Ordinal)
            && pattern != "/api/v1/whoami" && !IsPage(pattern);
        var allowed = caller switch
        {
            Caller.Read => !needsAdmin && !needsWrite,
            _ => !needsAdmin,
        };
        // A page's form post (delete) without the page's antiforgery token is refused before the page checks the role.
        if (IsPage(pattern) && route.Method == "POST" && caller == Caller.Read)
        {
            return Expected.Refused;
        }
        return allowed ? Expected.Allowed : Expected.Forbidden;
    }

    public static bool Matches(Expected expected, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return false;
        }
        return expected switch
        {
            Expected.Unauthenticated => response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.OriginalString.StartsWith("/signin", StringComparison.Ordinal) == true),
            Expected.Forbidden => response.StatusCode == HttpStatusCode.Forbidden,
            Expected.Refused => status is 400 or 403,
            Expected.Hidden => response.StatusCode == HttpStatusCode.NotFound,
            _ => status is not (401 or 403)
                && !(status == 302 && response.Headers.Location?.OriginalString.StartsWith("/signin", StringComparison.Ordinal) == true),
        };
    }

    /// <summary>A value for a route parameter; an unknown parameter fails the matrix until it is named here.</summary>
    public static string Value(string parameter, string method, AuthWorld world) => parameter switch
    {
        "workspace" or "entity" => AuthWorld.Workspace,
        "project" => "default",
        "result" or "ResultRef" or "name" or "job" => method == "DELETE" || parameter == "ResultRef" && method == "POST"
            ? "victim"
            : world.Result.ToString(),
        "rowIndex" or "RowIndex" or "promptId" => "0",
        "evaluationRunUuid" or "evalRunUuid" or "datasetUuid" => world.Result.ToString(),
        "workspaceUuid" => Guid.Empty.ToString(),
        "objectId" or "digest" => "no-such-object",
        "testCaseUuid" => Guid.Empty.ToString(),
        "keyId" or "runId" or "predictionId" or "scoreId" => "no-such-id",
        "documentName" => "v1",
        "rest" => "no-such-endpoint",
        _ => throw new InvalidOperationException(
            $"The auth matrix has no value for route parameter '{parameter}': add one in AuthRules.Value."),
    };

    private static bool IsPage(string pattern) => s_pages.Any(p => p == "/" ? pattern == "/" : Under(pattern, p));

    private static bool Under(string pattern, string prefix) =>
        pattern == prefix || pattern.StartsWith(prefix + "/", StringComparison.Ordinal)
            || pattern.StartsWith(prefix + ".", StringComparison.Ordinal);
}
