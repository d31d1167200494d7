using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>The row page: item, output, scores with reasoning and errors, extras, and the same item in other results.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RowPageTests(UiServer ui) : IClassFixture<UiServer>
{
    [ChromiumFact]
    public Task ShowsEverythingAboutARow_AndJumpsToTheSameItemInAnotherResult() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/results/" + SeedData.Gpt);
        // Row 39 has a judge timeout (i % 17 == 5) and chunks (i % 3 == 0).
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Row 39, trial 0" }).ClickAsync());
        Assert.Equal("Row 39", await page.Locator("h1").InnerTextAsync());
        await browser.ScreenshotAsync("05-row");

        var item = await page.Locator("section:has(#item-title)").InnerTextAsync();
        Assert.Contains(SeedData.Question(39), item);
        Assert.Contains("option a for item 39", item);
        var trial = page.Locator("section.trial");
        Assert.Contains("The answer is", await trial.Locator("pre.output").InnerTextAsync());
        var scores = await trial.Locator("table").First.InnerTextAsync();
        Assert.Contains("accuracy", scores);
        Assert.Contains("f1", scores);
        Assert.Contains("judge: timeout after 30 s", await trial.Locator(".metric-errors").InnerTextAsync());
        var facts = await trial.Locator("dl.facts").InnerTextAsync();
        Assert.Contains("Latency", facts);
        Assert.Contains("input tokens", facts);
        Assert.Contains("physics.md", await trial.Locator("table.chunks").InnerTextAsync());
        await trial.GetByText("Request log (1)").ClickAsync();
        Assert.Contains("prompt_tokens", await trial.Locator("details.requests pre").InnerTextAsync());

        // Reasoning is shown beside its score on rows that have it.
        await browser.GoToAsync($"/results/{SeedData.Gpt}/rows/0");
        Assert.Contains("Picks the right option", await page.Locator("section.trial table").First.InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Row 1 ›" }).CountAsync());

        // The same item (same row digest) in the other model's result, one click away.
        var elsewhere = page.Locator("section:has(#elsewhere-title)");
        Assert.Contains(SeedData.Llama, await elsewhere.InnerTextAsync());
        await browser.NavigateByAsync(() => elsewhere.GetByRole(AriaRole.Link, new() { Name = SeedData.Llama }).ClickAsync());
        Assert.Equal("Row 0", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(SeedData.Llama, await page.Locator(".breadcrumbs").InnerTextAsync());
        Assert.Contains(SeedData.Question(0), await page.Locator("section:has(#item-title)").InnerTextAsync());
        Assert.Contains(SeedData.Gpt, await page.Locator("section:has(#elsewhere-title)").InnerTextAsync());
        await browser.ScreenshotAsync("06-row-elsewhere");
    });

    [ChromiumFact]
    public Task ARowWithSeveralTrials_ShowsEachTrial() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        await browser.GoToAsync($"/results/{SeedData.Maths}/rows/4");
        Assert.Equal(["Trial 0", "Trial 1", "Trial 2"], await browser.Page.Locator("section.trial h2").AllInnerTextsAsync());
        Assert.Equal(3, await browser.Page.Locator("section.trial pre.output").CountAsync());
    });
}
