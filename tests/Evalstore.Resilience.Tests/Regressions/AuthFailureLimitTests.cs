using System.Net;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Regressions;

/// <summary>
/// Failure 6: wrong keys were answered 401 at 17–23k requests a second without end. Past the limit of failures per
/// client address they are now 429 with Retry-After until the window ends, while valid keys are never slowed.
/// </summary>
public sealed class AuthFailureLimitTests
{
    [Fact]
    public Task FailuresPastTheLimit_Are429_ValidKeysAreNot_Sqlite() => LimitAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task FailuresPastTheLimit_Are429_ValidKeysAreNot_Postgres() => LimitAsync(StoreKind.Postgres);

    private static async Task LimitAsync(StoreKind kind)
    {
        var clock = new ManualClock();
        await using var server = await ResilienceServer.StartAsync(kind,
            o => o with { FailedAuthLimit = 5, FailedAuthWindow = TimeSpan.FromMinutes(1), Clock = clock });
        var valid = await server.Store.CreateKeyAsync("default", KeyRole.Read);
        using var good = server.Client(valid.Secret);
        using var bad = server.Client("es_wrong-key");
        clock.Advance(TimeSpan.FromSeconds(2)); // the server re-reads "are there keys?" at most once a second

        for (var i = 0; i < 5; i++)
        {
            using var refused = await bad.GetAsync("api/v1/workspaces/default/results");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var limited = await bad.GetAsync("api/v1/workspaces/default/results"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
            using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("failed authentications", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var keyless = await server.Http.GetAsync("api/v1/workspaces/default/results"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, keyless.StatusCode); // no key at all is a failure too
        }
        for (var i = 0; i < 50; i++)
        {
            using var allowed = await good.GetAsync("api/v1/workspaces/default/results");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode); // same address, valid key: never limited
        }
        clock.Advance(TimeSpan.FromSeconds(61));
        using (var later = await bad.GetAsync("api/v1/workspaces/default/results"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, later.StatusCode); // a new window
        }
    }
}
