using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Hosting;
using Evalstore.Server.Security;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Api;

/// <summary>API keys, roles, workspace isolation and the loopback rule, over real HTTP.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task WithKeys_EveryRouteNeedsOne_AndBearerAndBasicBothWork()
    {
        var clock = new FakeClock();
        await using var server = await TestServer.StartAsync(configure: o => o with { Clock = clock });
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);
        var admin = await server.Store.CreateKeyAsync("team-a", KeyRole.Admin);
        // The server re-reads "any keys?" at most once a second: within that second it still answers from what it saw.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));

        using var anonymous = await server.Http.GetAsync("api/v1/workspaces/team-a/results");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var bearer = server.HttpWithKey(admin.Secret);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);

        using var basic = new HttpClient { BaseAddress = server.BaseAddress };
        basic.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + admin.Secret)));
        Assert.Equal(HttpStatusCode.OK, (await basic.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);

        using var wrong = server.HttpWithKey("es_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task AKey_NeverSeesAnotherWorkspace_AndRolesLimitWrites()
    {
        await using var server = await TestServer.StartAsync();
        var other = await server.Store.ImportResultAsync("team-b", new RunSpec { Name = "secret" }, Rows.Parse(Rows.Seed004));
        var reader = await server.Store.CreateKeyAsync("team-a", KeyRole.Read);
        var writer = await server.Store.CreateKeyAsync("team-a", KeyRole.Write);
        using var read = server.HttpWithKey(reader.Secret);
        using var write = server.HttpWithKey(writer.Secret);

        foreach (var path in new[] { "api/v1/workspaces/team-b/results", $"api/v1/workspaces/team-b/results/{other.Id}",
            "api/v1/workspaces/team-b/results/secret/rows" })
        {
            using var response = await read.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var delete = await write.DeleteAsync($"api/v1/workspaces/team-b/results/{other.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }
        Assert.NotNull(await server.Store.GetResultAsync("team-b", "secret"));

        using (var denied = await read.PostAsJsonAsync("api/v1/workspaces/team-a/results", new { name = "x" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        using (var created = await write.PostAsJsonAsync("api/v1/workspaces/team-a/results", new { name = "x" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var keys = await write.GetAsync("api/v1/workspaces/team-a/keys"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
        }
        var whoami = await read.GetFromJsonAsync<JsonElement>("api/v1/whoami");
        Assert.Equal("team-a", whoami.GetProperty("workspace").GetString());
        Assert.Equal("read", whoami.GetProperty("role").GetString());
    }

    [Fact]
    public async Task RevokedKey_IsRefused()
    {
        await using var server = await TestServer.StartAsync();
        var key = await server.Store.CreateKeyAsync("team-a", KeyRole.Admin);
        using var http = server.HttpWithKey(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);
        Assert.True(await server.Store.RevokeKeyAsync("team-a", key.Key.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/v1/workspaces/team-a/results")).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5757", true)]
    [InlineData("http://localhost:5757", true)]
    [InlineData("http://[::1]:5757", true)]
    [InlineData("http://0.0.0.0:5757", false)]
    [InlineData("http://*:5757", false)]
    [InlineData("http://192.168.1.10:5757", false)]
    public void LoopbackUrls_AreRecognised(string url, bool loopback) => Assert.Equal(loopback, LoopbackGuard.IsLoopbackUrl(url));

    [Fact]
    public async Task WithoutKeys_TheServerRefusesToBindBeyondLoopback()
    {
        using var directory = new TempDirectory();
        await using var store = await SqliteStore.OpenAsync(directory.File("s.db"));
        var error = await Assert.ThrowsAsync<EvalstoreException>(
            () => EvalstoreServer.BuildAsync(new ServerOptions { Store = store, Urls = "http://0.0.0.0:0" }));
        Assert.Equal(403, error.Status);
        Assert.Contains("no API keys", error.Detail, StringComparison.Ordinal);
        await store.CreateKeyAsync("default", KeyRole.Admin);
        await using var app = await EvalstoreServer.BuildAsync(new ServerOptions { Store = store, Urls = "http://0.0.0.0:0" });
        Assert.NotNull(app);
    }

    [Fact]
    public async Task TooManyRequests_GetA429Problem()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { RequestsPerSecond = 5 });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await server.Http.GetAsync("api/v1/workspaces/default/results");
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
    }

    [Fact]
    public async Task ErrorsWithoutAHandler_UseTheRoutesVendorFormat()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { RequestsPerSecond = 3 });
        using var nemo = await server.Http.GetAsync("apis/evaluation/v2/workspaces/default/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, nemo.StatusCode);
        Assert.True((await nemo.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("detail", out _));
        using var native = await server.Http.GetAsync("api/v1/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, native.StatusCode);
        Assert.Equal(404, (await native.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await server.Http.GetAsync("v2/gen-ai/evaluation_metrics");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        var body = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("too_many_requests", body.GetProperty("id").GetString());
    }
}
