using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>
/// axe-core (WCAG 2.1 A and AA) finds nothing on any page, at a laptop's width and a phone's, on a server without
/// keys and on one with keys, signed out and signed in (with a key that may write, and with one that may only read).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(UiServer open, KeyedUiServer keyed) : IClassFixture<UiServer>, IClassFixture<KeyedUiServer>
{
    private static readonly int[] s_widths = [1280, 375];

    /// <summary>Every page and state a reader can reach with GET, with the status it answers.</summary>
    private static readonly (string Url, int Status)[] s_pages =
    [
        ("/", 200),
        ("/results?q=model%3A%22openai%2Fgpt-4o%22&sort=-created_at", 200),
        ("/?q=no-such-thing", 200),
        ("/?deleted=smoke-01", 200),
        ($"/results/{SeedData.Gpt}", 200),
        ($"/results/{SeedData.Maths}", 200),
        ($"/results/{SeedData.Running}", 200),
        ($"/results/{SeedData.Failed}", 200),
        ($"/results/{SeedData.Gpt}?where=any%3C0.7&sort=-f1", 200),
        ($"/results/{SeedData.Gpt}?where=nosuchscore%3C1", 400),
        ($"/results/{SeedData.Gpt}/rows/3", 200),
        ($"/results/{SeedData.Maths}/rows/0", 200),
        ("/compare", 200),
        ($"/compare?a={SeedData.Gpt}", 200),
        ($"/compare?a={SeedData.Gpt}&b={SeedData.Llama}&b={SeedData.Maths}", 200),
        ($"/compare?a={SeedData.Gpt}&b={SeedData.Llama}&metric=no-such-score", 400),
        ("/leaderboard", 200),
        ("/leaderboard?benchmark=mmlu", 200),
        ("/leaderboard?benchmark=mmlu&order=f1", 200),
        ("/leaderboard?benchmark=no-such-benchmark", 200),
        ("/items", 200),
        ("/items?dataset=evalstore%2Fmmlu-mini", 200),
        ("/items?dataset=evalstore%2Fmmlu-mini&flag=all_fail&sort=-discrimination", 200),
        ("/items?dataset=evalstore%2Fmmlu-mini&sort=bogus", 400),
        ("/results/no-such-result", 404),
        ($"/results/{SeedData.Gpt}/delete", 200),
        ("/signin", 200),
        ("/signout", 200),
    ];

    [ChromiumFact]
    public Task EveryPage_OnAServerWithoutKeys_HasNoViolations() => BrowserSession.RunAsync(open.BaseAddress, async browser =>
    {
        ExpectErrorStatuses(browser);
        var violations = new List<string>();
        await ScanAsync(browser, s_pages, "no keys", violations);
        AssertNone(violations);
    });

    [ChromiumFact]
    public Task EveryPage_SignedIn_HasNoViolations() => BrowserSession.RunAsync(keyed.BaseAddress, async browser =>
    {
        ExpectErrorStatuses(browser);
        await SignInAsync(browser, keyed.WriteKey);
        var violations = new List<string>();
        await ScanAsync(browser, s_pages.Where(p => p.Url != "/signout"), "signed in", violations);
        AssertNone(violations);
    });

    [ChromiumFact]
    public Task SignedOut_AndReadOnly_PagesHaveNoViolations() => BrowserSession.RunAsync(keyed.BaseAddress, async browser =>
    {
        ExpectErrorStatuses(browser);
        var page = browser.Page;
        var violations = new List<string>();
        // Signed out, every page is the sign-in page; then the same page after a wrong key (an alert, an invalid field).
        await ScanAsync(browser, [("/signin", 200), ($"/results/{SeedData.Gpt}", 200), ("/signout", 200)], "signed out", violations);
        await browser.GoToAsync("/signin");
        await page.GetByLabel("API key").FillAsync("not-a-key");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync());
        await ScanHereAsync(browser, "signed out, wrong key", violations);

        // A read-only key: the delete page warns, and the refused delete is an error page.
        await SignInAsync(browser, keyed.ReadKey);
        await ScanAsync(browser, [($"/results/{SeedData.Gpt}/delete", 200), ("/", 200)], "read-only", violations);
        await browser.GoToAsync($"/results/{SeedData.Gpt}/delete");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Delete result" }).ClickAsync());
        Assert.Equal("Forbidden", await page.Locator("h1").InnerTextAsync());
        await ScanHereAsync(browser, "read-only, delete refused", violations);
        AssertNone(violations);
    });

    private static void ExpectErrorStatuses(BrowserSession browser)
    {
        browser.ExpectConsoleError("400");
        browser.ExpectConsoleError("403");
        browser.ExpectConsoleError("404");
    }

    private static async Task SignInAsync(BrowserSession browser, string key)
    {
        await browser.GoToAsync("/signin");
        await browser.Page.GetByLabel("API key").FillAsync(key);
        await browser.NavigateByAsync(() => browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync());
        Assert.DoesNotContain("/signin", browser.Page.Url);
    }

    private static async Task ScanAsync(BrowserSession browser, IEnumerable<(string Url, int Status)> pages, string who,
        List<string> violations)
    {
        foreach (var width in s_widths)
        {
            await browser.Page.SetViewportSizeAsync(width, 860);
            foreach (var (url, status) in pages)
            {
                await browser.GoToAsync(url, status);
                violations.AddRange(await Axe.ViolationsAsync(browser.Page, $"{who}, {width} px, {url}"));
            }
        }
    }

    /// <summary>Scans the page as it is (a state reached by a form) at each width.</summary>
    private static async Task ScanHereAsync(BrowserSession browser, string what, List<string> violations)
    {
        foreach (var width in s_widths)
        {
            await browser.Page.SetViewportSizeAsync(width, 860);
            violations.AddRange(await Axe.ViolationsAsync(browser.Page, $"{what}, {width} px"));
        }
        await browser.Page.SetViewportSizeAsync(s_widths[0], 860);
    }

    private static void AssertNone(List<string> violations) =>
        Assert.True(violations.Count == 0, $"{violations.Count} WCAG 2.1 A/AA violations:\n" + string.Join('\n', violations));
}
