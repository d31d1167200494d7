using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>With API keys the UI asks for one, keeps it in a secure HTTP-only cookie, and lets read-only keys only look.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests : IAsyncLifetime
{
    private TestServer? _server;
    private string _readKey = "";
    private string _writeKey = "";

    private TestServer Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(configure: o => o with { RequestsPerSecond = 0 });
        await SeedData.LoadAsync(Server.Store);
        _readKey = (await Server.Store.CreateKeyAsync("default", KeyRole.Read, "stakeholder")).Secret;
        _writeKey = (await Server.Store.CreateKeyAsync("default", KeyRole.Write, "engineer")).Secret;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    private static async Task SignInAsync(BrowserSession browser, string key)
    {
        await browser.Page.GetByLabel("API key").FillAsync(key);
        await browser.NavigateByAsync(() => browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync());
    }

    [ChromiumFact]
    public Task AReadOnlyKey_BrowsesAndDownloads_ButIsRefusedAWrite() => BrowserSession.RunAsync(Server.BaseAddress, async browser =>
    {
        var page = browser.Page;
        browser.ExpectConsoleError("403");

        // Any page sends a browser without a session to the sign-in page, and back afterwards.
        await browser.GoToAsync($"/results/{SeedData.Gpt}");
        Assert.EndsWith("/signin?returnUrl=" + Uri.EscapeDataString($"/results/{SeedData.Gpt}"), page.Url);
        await browser.ScreenshotAsync("07-signin");
        await SignInAsync(browser, "not-a-key");
        Assert.Contains("not valid", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await SignInAsync(browser, _readKey);
        Assert.EndsWith($"/results/{SeedData.Gpt}", page.Url);
        Assert.Equal(SeedData.Gpt, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("read", await page.Locator(".session").InnerTextAsync());

        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "evalstore_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.False(session.Secure); // plain HTTP on loopback; Secure is set over HTTPS
        Assert.Equal(-1, session.Expires); // a browser-session cookie

        // Reading and downloading work.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "JSONL" }).ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.Equal(SeedData.Items, File.ReadAllLines(await download.PathAsync()).Length);

        // A write is refused, with a page that says why.
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync());
        Assert.Contains("read-only key", await page.GetByRole(AriaRole.Note).InnerTextAsync());
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Delete result" }).ClickAsync());
        Assert.Equal("Forbidden", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("'read' role", await page.Locator(".error-detail").InnerTextAsync());
        await browser.ScreenshotAsync("08-write-refused");
        Assert.NotNull(await Server.Store.GetResultAsync("default", SeedData.Gpt));
    });

    [ChromiumFact]
    public Task AWriteKey_DeletesFromTheUi_ButTheCookieAloneCannotWriteThroughTheApi()
        => BrowserSession.RunAsync(Server.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/signin");
        await SignInAsync(browser, _writeKey);
        Assert.EndsWith("/", page.Url);
        var victim = (await Server.Store.GetResultAsync("default", "smoke-01"))!;

        // The session cookie authenticates pages, but a cross-site form or script could send it too: the API refuses
        // a write that carries only the cookie and no antiforgery token.
        var api = await page.APIRequest.DeleteAsync($"/api/v1/workspaces/default/results/{victim.Id}");
        Assert.Equal(403, api.Status);
        Assert.Contains("antiforgery", await api.TextAsync());
        Assert.NotNull(await Server.Store.GetResultAsync("default", "smoke-01"));

        await browser.GoToAsync($"/results/{victim.Id}/delete");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Delete result" }).ClickAsync());
        Assert.Contains("Deleted “smoke-01”", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Null(await Server.Store.GetResultAsync("default", "smoke-01"));

        // Signing out forgets the key.
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync());
        Assert.Contains("/signin", page.Url);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "evalstore_session");
        await browser.GoToAsync("/");
        Assert.Contains("/signin", page.Url);
    });

    [ChromiumFact]
    public Task ARevokedKey_SendsTheBrowserBackToSignIn() => BrowserSession.RunAsync(Server.BaseAddress, async browser =>
    {
        var created = await Server.Store.CreateKeyAsync("default", KeyRole.Read, "short-lived");
        await browser.GoToAsync("/signin?returnUrl=%2F%3Fstatus%3Dfailed");
        await SignInAsync(browser, created.Secret);
        await browser.GoToAsync("/");
        Assert.Contains("Results", await browser.Page.Locator("h1").InnerTextAsync());
        await Server.Store.RevokeKeyAsync("default", created.Key.Id);
        await browser.GoToAsync("/?q=x");
        Assert.EndsWith("/signin?returnUrl=" + Uri.EscapeDataString("/?q=x"), browser.Page.Url);
        Assert.DoesNotContain(await browser.Page.Context.CookiesAsync(), c => c.Name == "evalstore_session");
    });
}
