using System.Net;
using System.Text;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;
using Microsoft.AspNetCore.Routing;

namespace Evalstore.Resilience.Tests.Auth;

/// <summary>
/// Every endpoint the server maps, read from its EndpointDataSource (a new route is in the matrix by itself, and fails
/// until <see cref="AuthRules"/> knows its parameters), times every kind of caller: no key, a wrong key, read, write and
/// admin keys of the workspace, and an admin key of another workspace. Each pair must get the status class its rule
/// expects, and never a 5xx.
/// </summary>
public sealed class AuthMatrixTests(ITestOutputHelper output)
{
    [Fact]
    public Task EveryRoute_TimesEveryCaller_Sqlite() => MatrixAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task EveryRoute_TimesEveryCaller_Postgres() => MatrixAsync(StoreKind.Postgres);

    private async Task MatrixAsync(StoreKind kind)
    {
        var clock = new ManualClock();
        await using var server = await ResilienceServer.StartAsync(kind, o => o with { FailedAuthLimit = 0, Clock = clock });
        var world = await AuthWorld.CreateAsync(server, clock);
        var routes = AuthRules.Routes(server.Endpoints);
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        var failures = new List<string>();
        var pairs = 0;
        // Deleting routes go last, so that what they delete is gone only for them.
        foreach (var route in routes.OrderBy(r => r.Method == "DELETE").ThenBy(r => r.Pattern, StringComparer.Ordinal))
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                await world.EnsureVictimAsync();
                var expected = AuthRules.Expect(route, caller);
                using var request = route.Request(world);
                using var response = await world.Client(caller).SendAsync(request);
                pairs++;
                var status = (int)response.StatusCode;
                if (!AuthRules.Matches(expected, response))
                {
                    var body = await response.Content.ReadAsStringAsync();
                    failures.Add($"{route.Method} {route.Pattern} as {caller}: expected {expected}, " +
                        $"got {status} {body[..Math.Min(body.Length, 200)]}");
                }
                if (expected != Expected.Allowed && !await world.VictimExistsAsync())
                {
                    failures.Add($"{route.Method} {route.Pattern} as {caller}: refused, yet the result it names was deleted");
                }
            }
        }
        output.WriteLine($"{kind}: {routes.Count} routes × {Enum.GetValues<Caller>().Length} callers = {pairs} pairs");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

/// <summary>Who calls.</summary>
public enum Caller
{
    NoKey,
    WrongKey,
    Read,
    Write,
    Admin,
    OtherWorkspace,
}

/// <summary>The status class a pair must get.</summary>
public enum Expected
{
    /// <summary>401 (an API) or a redirect to sign in (a web page).</summary>
    Unauthenticated,
    /// <summary>403: the key's role is too low.</summary>
    Forbidden,
    /// <summary>404: the workspace is another key's, and must not even be seen to exist.</summary>
    Hidden,
    /// <summary>400 or 403: a web form posted without its page's antiforgery token, refused before its role check.</summary>
    Refused,
    /// <summary>Past authentication: anything but 401, 403 or a 5xx (bad input, not found and conflicts are fine).</summary>
    Allowed,
}

/// <summary>A workspace with keys of every role, a result to read and a result to delete, and a key of another workspace.</summary>
public sealed class AuthWorld
{
    public const string Workspace = "team-a";
    public const string OtherWorkspace = "team-b";

    private readonly ResilienceServer _server;
    private readonly Dictionary<Caller, HttpClient> _clients;

    private AuthWorld(ResilienceServer server, Dictionary<Caller, HttpClient> clients, Guid result)
    {
        _server = server;
        _clients = clients;
        Result = result;
    }

    public Guid Result { get; }

    public HttpClient Client(Caller caller) => _clients[caller];

    public static async Task<AuthWorld> CreateAsync(ResilienceServer server, ManualClock clock)
    {
        var store = server.Store;
        var result = await store.ImportResultAsync(Workspace, new RunSpec { Name = "r1", Model = "m" }, Rows());
        await store.ImportResultAsync(OtherWorkspace, new RunSpec { Name = "r1" }, Rows());
        var clients = new Dictionary<Caller, HttpClient>
        {
            [Caller.NoKey] = server.Client(),
            [Caller.WrongKey] = server.Client("es_not-a-real-key"),
            [Caller.Read] = server.Client((await store.CreateKeyAsync(Workspace, KeyRole.Read)).Secret),
            [Caller.Write] = server.Client((await store.CreateKeyAsync(Workspace, KeyRole.Write)).Secret),
            [Caller.Admin] = server.Client((await store.CreateKeyAsync(Workspace, KeyRole.Admin)).Secret),
            [Caller.OtherWorkspace] = server.Client((await store.CreateKeyAsync(OtherWorkspace, KeyRole.Admin)).Secret),
        };
        clock.Advance(TimeSpan.FromSeconds(2)); // the server re-reads "are there keys?" at most once a second
        return new AuthWorld(server, clients, result.Id);
    }

    public async Task<bool> VictimExistsAsync() => await _server.Store.GetResultAsync(Workspace, "victim") is not null;

    /// <summary>Recreates the result that deleting routes delete, when a previous pair deleted it.</summary>
    public async Task EnsureVictimAsync()
    {
        if (await _server.Store.GetResultAsync(Workspace, "victim") is null)
        {
            await _server.Store.ImportResultAsync(Workspace, new RunSpec { Name = "victim" }, Rows());
        }
    }

    private static async IAsyncEnumerable<Evalstore.Core.Ingest.IngestRow> Rows()
    {
        var parser = new Evalstore.Core.Ingest.RowParser();
        for (var i = 0; i < 3; i++)
        {
            yield return parser.Parse(Encoding.UTF8.GetBytes(Http.Row($"{{\"q\":{i}}}", i % 2)), i + 1);
        }
        await Task.CompletedTask;
    }
}

/// <summary>One method of one route.</summary>
public sealed record Route(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public HttpRequestMessage Request(AuthWorld world)
    {
        var path = new StringBuilder();
        foreach (var segment in Endpoint.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                        Uri.EscapeDataString(AuthRules.Value(parameter.Name, Method, world)),
                    _ => throw new InvalidOperationException($"{Pattern}: unexpected route part {part}"),
                });
            }
        }
        var request = new HttpRequestMessage(new HttpMethod(Method), path.Length == 0 ? "/" : path.ToString().TrimStart('/'));
        if (Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return request;
    }

    public override string ToString() => $"{Method} {Pattern}";
}
