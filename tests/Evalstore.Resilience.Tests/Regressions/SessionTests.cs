using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Regressions;

/// <summary>
/// Failure 5: the UI's cookie was the raw API key, so signing out could not revoke it and the long-lived secret rode
/// every request. Now the cookie is a random session id, stored only as its SHA-256 with the key it came from; it ends
/// at sign-out, when the key is revoked, and at its expiry (read from the server clock, moved here instead of sleeping).
/// </summary>
public sealed class SessionTests
{
    private const string Pages = "/";
    private const string Api = "api/v1/whoami";

    [Fact]
    public Task TheCookieIsASessionId_HashedAtRest_EndedBySignOut_Sqlite() => SignInAndOutAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task TheCookieIsASessionId_HashedAtRest_EndedBySignOut_Postgres() => SignInAndOutAsync(StoreKind.Postgres);

    [Fact]
    public Task RevokingTheKey_EndsItsSessions_Sqlite() => RevokeAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task RevokingTheKey_EndsItsSessions_Postgres() => RevokeAsync(StoreKind.Postgres);

    [Fact]
    public Task Sessions_ExpireAfterTheirLifetime_AndWhenIdle_Sqlite() => ExpiryAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task Sessions_ExpireAfterTheirLifetime_AndWhenIdle_Postgres() => ExpiryAsync(StoreKind.Postgres);

    [Fact]
    public Task AnOldCookieHoldingTheRawKey_IsRefused_Sqlite() => OldCookieAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task AnOldCookieHoldingTheRawKey_IsRefused_Postgres() => OldCookieAsync(StoreKind.Postgres);

    private static async Task SignInAndOutAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var key = await server.Store.CreateKeyAsync("default", KeyRole.Read);
        var jar = new CookieContainer();
        using var browser = UiForms.Browser(server.BaseAddress, jar);

        var sessionId = await SignInAsync(browser, jar, key.Secret);
        Assert.DoesNotContain(key.Secret, sessionId, StringComparison.Ordinal);
        Assert.True(sessionId.Length >= 43, "a 256-bit random id");
        var stored = await RawSql.QueryAsync(server, "SELECT id_hash, key_id, created_at, expires_at, last_seen_at FROM ui_sessions");
        var row = Assert.Single(stored);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)), (byte[])row[0]!); // the hash, never the id
        Assert.Equal(key.Key.Id, row[1]);
        Assert.All(row[2..], Assert.NotNull);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Pages)).StatusCode);
        var whoAmI = await browser.GetFromJsonAsync<JsonElement>(Api);
        Assert.Equal(key.Key.Id, whoAmI.GetProperty("key_id").GetString());

        // Sign-out deletes the session on the server, so a copy of the cookie kept elsewhere stops working too.
        using (var signOut = await UiForms.SubmitAsync(browser, "/signout", "signout", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("evalstore_session=;", StringComparison.Ordinal));
        }
        Assert.Empty(await RawSql.QueryAsync(server, "SELECT key_id FROM ui_sessions"));
        await AssertRefusedAsync(server, sessionId);
        Assert.NotNull(await server.Store.AuthenticateAsync(key.Secret)); // the key itself stays valid
    }

    private static async Task RevokeAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var admin = await server.Store.CreateKeyAsync("default", KeyRole.Admin);
        var reader = await server.Store.CreateKeyAsync("default", KeyRole.Read);
        var jar = new CookieContainer();
        using var browser = UiForms.Browser(server.BaseAddress, jar);
        var readerSession = await SignInAsync(browser, jar, reader.Secret);
        var otherJar = new CookieContainer();
        using var other = UiForms.Browser(server.BaseAddress, otherJar);
        var adminSession = await SignInAsync(other, otherJar, admin.Secret);

        // The admin revokes the read key through the API: that key's sessions go with it, the admin's stays.
        using var api = server.Client(admin.Secret);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v1/workspaces/default/keys/{reader.Key.Id}")).StatusCode);
        var left = await RawSql.QueryAsync(server, "SELECT key_id FROM ui_sessions");
        Assert.Equal(admin.Key.Id, Assert.Single(left)[0]);
        await AssertRefusedAsync(server, readerSession);
        using var stillIn = SessionClient(server, adminSession);
        Assert.Equal(HttpStatusCode.OK, (await stillIn.GetAsync(Pages)).StatusCode);
    }

    private static async Task ExpiryAsync(StoreKind kind)
    {
        var clock = new ManualClock();
        await using var server = await ResilienceServer.StartAsync(kind, o => o with
        {
            Clock = clock, SessionLifetime = TimeSpan.FromHours(12), SessionIdleTimeout = TimeSpan.FromHours(2),
        });
        var key = await server.Store.CreateKeyAsync("default", KeyRole.Read);
        var jar = new CookieContainer();
        using var browser = UiForms.Browser(server.BaseAddress, jar);

        // Used every 1 h 50 min, a session lives on past its idle timeout, until its lifetime of 12 h ends.
        var busy = await SignInAsync(browser, jar, key.Secret);
        using var busyClient = SessionClient(server, busy);
        for (var hours = 0; hours < 6; hours++)
        {
            clock.Advance(TimeSpan.FromMinutes(110));
            Assert.Equal(HttpStatusCode.OK, (await busyClient.GetAsync(Pages)).StatusCode);
        }
        clock.Advance(TimeSpan.FromMinutes(110)); // 12 h 50 min after sign-in
        await AssertRefusedAsync(server, busy);

        // Unused for longer than the idle timeout, a session ends even though its lifetime has not.
        var idle = await SignInAsync(browser, jar, key.Secret);
        clock.Advance(TimeSpan.FromMinutes(119));
        using (var idleClient = SessionClient(server, idle))
        {
            Assert.Equal(HttpStatusCode.OK, (await idleClient.GetAsync(Pages)).StatusCode);
        }
        clock.Advance(TimeSpan.FromMinutes(121));
        await AssertRefusedAsync(server, idle);
        Assert.Empty(await RawSql.QueryAsync(server, "SELECT key_id FROM ui_sessions")); // an expired session is deleted when seen
    }

    private static async Task OldCookieAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var key = await server.Store.CreateKeyAsync("default", KeyRole.Admin);
        // Before sessions the cookie held the key itself: such a cookie is not a session, so its holder signs in again.
        await AssertRefusedAsync(server, key.Secret);
        Assert.Empty(await RawSql.QueryAsync(server, "SELECT key_id FROM ui_sessions"));
        using var bearer = server.Client(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Api)).StatusCode); // the key still works where keys go
    }

    /// <summary>Signs in through the form and returns the session id the cookie carries, checking the cookie's flags.</summary>
    private static async Task<string> SignInAsync(HttpClient browser, CookieContainer jar, string secret)
    {
        using var response = await UiForms.SubmitAsync(browser, "/signin?returnUrl=%2F", "signin",
            new Dictionary<string, string> { ["Key"] = secret });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"),
            c => c.StartsWith("evalstore_session=", StringComparison.Ordinal));
        var attributes = header.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain("secure", attributes); // plain HTTP on loopback; Secure is set over HTTPS
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires", StringComparison.Ordinal)); // a browser-session cookie
        return jar.GetCookies(browser.BaseAddress!)["evalstore_session"]!.Value;
    }

    /// <summary>A client that sends only this cookie value, as a copied or stale cookie would be sent.</summary>
    private static HttpClient SessionClient(ResilienceServer server, string cookie)
    {
        var client = server.Client();
        client.DefaultRequestHeaders.Add("Cookie", $"evalstore_session={cookie}");
        return client;
    }

    /// <summary>The cookie gets a page nothing but a redirect to sign in (clearing it), and the API a 401.</summary>
    private static async Task AssertRefusedAsync(ResilienceServer server, string cookie)
    {
        using var client = SessionClient(server, cookie);
        using var page = await client.GetAsync(Pages);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("evalstore_session=;", StringComparison.Ordinal));
        using var api = await client.GetAsync("api/v1/workspaces/default/results");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("sign in again", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
