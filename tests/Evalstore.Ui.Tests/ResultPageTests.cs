using System.Globalization;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>The result page: refs and status, aggregates with intervals, charts, and the rows table's sort, filters and pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResultPageTests(UiServer ui) : IClassFixture<UiServer>
{
    private static ILocator BodyRows(IPage page) => page.Locator("table.rows-table tbody tr");

    /// <summary>The texts of one column of the rows table, by its header's name.</summary>
    private static async Task<IReadOnlyList<string>> ColumnAsync(IPage page, string header)
    {
        var headers = await page.Locator("table.rows-table thead th").AllTextContentsAsync();
        var index = headers.Select(h => h.Replace("▲", "").Replace("▼", "").Trim()).ToList().IndexOf(header);
        Assert.True(index >= 0, $"No column '{header}' in {string.Join(", ", headers)}");
        return await page.Locator($"table.rows-table tbody tr > :nth-child({index + 1})").AllInnerTextsAsync();
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [ChromiumFact]
    public Task ShowsRefsAggregatesAndCharts() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = SeedData.Gpt, Exact = true }).ClickAsync());
        Assert.Equal(SeedData.Gpt, await page.Locator("h1").InnerTextAsync());
        await browser.ScreenshotAsync("03-result");
        await browser.ScreenshotAsync("03-result-top", fullPage: false);

        var summary = await page.Locator(".meta-grid").InnerTextAsync();
        Assert.Contains("openai/gpt-4o", summary);
        Assert.Contains("evalstore/mmlu-mini", summary);
        Assert.Contains("mmlu", summary);
        Assert.Contains("team=research", summary);
        Assert.Contains("accuracy mean ≥ 0.7", summary);
        Assert.Equal("✓ pass", await page.Locator(".badges .badge-pass").InnerTextAsync());

        // One aggregate row per score, with mean, interval and (for binary scores) pass rate.
        var aggregates = page.Locator("table.aggregates tbody tr");
        Assert.Equal(["accuracy★", "f1", "judge:helpfulness", "latency_ms↓better"],
            (await aggregates.Locator("th").AllInnerTextsAsync()).Select(t => t.Replace(" ", "")));
        var accuracy = await aggregates.First.InnerTextAsync();
        Assert.Matches(@"0\.\d+\s*\[0\.\d+, 0\.\d+\]", accuracy);
        Assert.Contains("%", accuracy);

        // The rows table shows the built-in latency score beside the others.
        Assert.All(await ColumnAsync(page, "latency_ms"), v => Assert.InRange(Number(v), 300, 1200));

        // A histogram for the range score, bars for the rubric and the binary score.
        Assert.Equal(10, await page.Locator("figure:has-text('f1') svg[role=img] rect.bar").CountAsync());
        var rubric = await page.Locator("figure:has-text('judge:helpfulness') table.bars").InnerTextAsync();
        Assert.Contains("poor", rubric);
        Assert.Contains("good", rubric);
        Assert.Contains("pass", await page.Locator("figure:has-text('pass / fail')").InnerTextAsync());

        // The phone layout: same page at 390 px wide.
        await page.SetViewportSizeAsync(390, 844);
        await browser.ScreenshotAsync("03-result-phone");
    });

    [ChromiumFact]
    public Task RowsSortByAnyScoreFilterAndPage() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/results/" + SeedData.Gpt);
        Assert.Equal(50, await BodyRows(page).CountAsync());
        Assert.Contains($"Rows 1–50 of {SeedData.Items}", await page.Locator("#rows .page-sub").InnerTextAsync());
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }).ClickAsync());
        Assert.Equal(SeedData.Items - 50, await BodyRows(page).CountAsync());

        // Sort by a score, then reverse.
        await browser.GoToAsync("/results/" + SeedData.Gpt);
        await browser.NavigateByAsync(
            () => page.Locator("table.rows-table thead").GetByRole(AriaRole.Link, new() { Name = "f1", Exact = true }).ClickAsync());
        var up = (await ColumnAsync(page, "f1")).Select(Number).ToList();
        Assert.Equal(up.Order(), up);
        await browser.NavigateByAsync(
            () => page.Locator("table.rows-table thead").GetByRole(AriaRole.Link, new() { Name = "f1", Exact = true }).ClickAsync());
        Assert.Contains("sort=-f1", page.Url);
        var down = (await ColumnAsync(page, "f1")).Select(Number).ToList();
        Assert.Equal(down.OrderDescending(), down);
        Assert.True(down[0] > up[0]);

        // Rows where any score is below 0.7: each shown row has one (false counts as 0, rubric labels as their values).
        await page.GetByLabel("Score condition").FillAsync("any<0.7");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Filter rows" }).ClickAsync());
        await browser.ScreenshotAsync("04-result-rows-filtered");
        var f1 = (await ColumnAsync(page, "f1")).Select(Number).ToList();
        var correct = await ColumnAsync(page, "accuracy");
        var helpfulness = await ColumnAsync(page, "judge:helpfulness");
        Assert.NotEmpty(f1);
        for (var i = 0; i < f1.Count; i++)
        {
            Assert.True(f1[i] < 0.7 || correct[i] == "false" || helpfulness[i] is "poor" or "fair",
                $"row {i} ({f1[i]}, {correct[i]}, {helpfulness[i]}) has no score < 0.7");
        }
        Assert.Contains("sort=-f1", page.Url); // the filter keeps the sort

        // Errored rows only: every shown row names its error.
        await browser.GoToAsync($"/results/{SeedData.Gpt}?errored=1");
        var errors = await ColumnAsync(page, "Errors");
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("judge: timeout after 30 s", e));

        // One trial of a result with three per item.
        await browser.GoToAsync($"/results/{SeedData.Maths}");
        Assert.Equal(["0", "1", "2"], (await ColumnAsync(page, "Trial")).Take(3));
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Trial" }).FillAsync("1");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Filter rows" }).ClickAsync());
        var trials = await ColumnAsync(page, "Trial");
        Assert.Equal(20, trials.Count);
        Assert.All(trials, t => Assert.Equal("1", t));
    });

    [ChromiumFact]
    public Task AMalformedRowCondition_ExplainsItselfAndKeepsTheAggregates() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        browser.ExpectConsoleError("400");
        await browser.GoToAsync($"/results/{SeedData.Gpt}?where=nosuchscore<1", expectedStatus: 400);
        Assert.Contains("no such score", await browser.Page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(4, await browser.Page.Locator("table.aggregates tbody tr").CountAsync());
    });

    [ChromiumFact]
    public Task AnUnknownResult_IsAFriendlyNotFoundPage() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        browser.ExpectConsoleError("404");
        await browser.GoToAsync("/results/no-such-result", expectedStatus: 404);
        Assert.Equal("Not found", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("no-such-result", await browser.Page.Locator(".error-detail").InnerTextAsync());
        await browser.ScreenshotAsync("09-not-found");
    });
}
