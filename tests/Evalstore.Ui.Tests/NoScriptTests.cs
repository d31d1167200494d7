using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>Every page works with JavaScript off: forms are plain GET or POST forms, charts are SVG drawn on the server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NoScriptTests(UiServer ui) : IClassFixture<UiServer>
{
    [ChromiumFact]
    public Task TheWholeJourneyWorksWithJavaScriptOff() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/");
        await page.GetByText("Filters", new() { Exact = true }).ClickAsync(); // <details> opens without script
        await page.GetByLabel("Dataset").FillAsync("mmlu");
        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync());
        Assert.Equal([SeedData.Llama, SeedData.Gpt], await page.Locator("table.results-table tbody a.result-link").AllInnerTextsAsync());

        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = SeedData.Llama, Exact = true }).ClickAsync());
        Assert.True(await page.Locator("figure svg[role=img]").CountAsync() >= 1);
        await page.GetByLabel("Errored rows only").CheckAsync();
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Filter rows" }).ClickAsync());
        Assert.Contains("errored=1", page.Url);
        await browser.NavigateByAsync(() => page.Locator("table.rows-table tbody a").First.ClickAsync());
        Assert.StartsWith("Row ", await page.Locator("h1").InnerTextAsync());
        await page.GetByText("Request log (1)").ClickAsync();
        Assert.True(await page.Locator("details.requests pre").IsVisibleAsync());

        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Compare", Exact = true }).ClickAsync());
        await page.GetByLabel("Baseline (A)").SelectOptionAsync(new SelectOptionValue { Label = $"{SeedData.Gpt} — openai/gpt-4o" });
        await page.GetByLabel("Candidates (B…)").SelectOptionAsync(
            new SelectOptionValue { Label = $"{SeedData.Llama} — meta/llama-3.1-70b" });
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync());
        Assert.True(await page.Locator("table.compare-table tbody tr").CountAsync() >= 3);

        await browser.GoToAsync("/leaderboard");
        await page.GetByLabel("Benchmark").FillAsync("gsm8k");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Show leaderboard" }).ClickAsync());
        Assert.Contains("openai/gpt-4o", await page.Locator("table.leaderboard").InnerTextAsync());
    }, javaScript: false);

    /// <summary>Elements that stick out past the right edge of the screen (outside horizontally scrolling boxes).</summary>
    private const string Overflowing = """
        () => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right))
            .join(', ')
        """;

    [ChromiumFact]
    public Task ThePhoneLayoutKeepsEveryControlReachable() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/");
        await browser.ScreenshotAsync("12-results-phone");
        // Nothing wider than the screen except inside the tables' own scroll boxes.
        Assert.Equal("", await page.EvaluateAsync<string>(Overflowing));
        await browser.GoToAsync($"/results/{SeedData.Gpt}/rows/3");
        Assert.Equal("", await page.EvaluateAsync<string>(Overflowing));
        await browser.ScreenshotAsync("12-row-phone");
    }, width: 390, height: 844);
}
