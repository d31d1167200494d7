using Evalstore.Core.Model;
using Evalstore.Server.Analysis;
using System.Globalization;
using Evalstore.Server.Tests.Support;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>
/// The trends page: several models on one server-rendered SVG chart with interval bands and markers on significant
/// steps, a table of the points, links from the result page and the leaderboard; axe-clean, no console errors, and the
/// same chart with JavaScript off.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrendsPageTests(UiServer ui) : IClassFixture<UiServer>, IAsyncLifetime
{
    private const string Dataset = "evalstore/trend-qa";

    public async ValueTask InitializeAsync()
    {
        // One model falls from 0.60 to 0.54 on the same 200 items (12 discordant pairs, all one way: p = 0.00049);
        // another holds steady. Imported once per class (the fixture is this class's own server).
        if (await ui.Server.Store.GetResultAsync("default", "trend-a-1") is not null)
        {
            return;
        }
        foreach (var (name, model, passing) in new[]
            { ("trend-a-1", "team/model-a", 120), ("trend-b-1", "team/model-b", 100), ("trend-a-2", "team/model-a", 108),
                ("trend-b-2", "team/model-b", 101) })
        {
            await ui.Server.Store.ImportResultAsync("default",
                new RunSpec { Name = name, Model = model, Dataset = Dataset, Project = "trends" }, Rows.Parse(Lines(name, passing)));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>200 items of which the first <paramref name="passing"/> pass.</summary>
    private static IEnumerable<string> Lines(string name, int passing) => Enumerable.Range(0, 200).Select(i =>
        "{\"row_index\": " + i.ToString(CultureInfo.InvariantCulture) + ", \"item\": {\"q\": \"question "
        + i.ToString(CultureInfo.InvariantCulture) + "\"}, \"sample\": {\"output_text\": \"" + name + "\"}, \"metrics\": "
        + "{\"acc\": [{\"name\": \"acc\", \"value\": " + (i < passing ? "true" : "false") + "}]}}");

    [ChromiumFact]
    public Task DrawsEveryModel_MarksTheSignificantRegression_AndListsThePoints() => BrowserSession.RunAsync(ui.BaseAddress,
        async browser =>
    {
        var page = browser.Page;
        // From the result page: each score links to its trend on the result's dataset.
        await browser.GoToAsync("/results/trend-a-2");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Trend of acc" }).ClickAsync());
        Assert.Contains("/trends?", page.Url);
        Assert.Contains("score=acc", page.Url);
        await browser.ScreenshotAsync("30-trends");

        var expected =
            await new EvalAnalysis(ui.Server.Store).TrendsAsync("default", new TrendRequest { Score = "acc", Dataset = Dataset });
        var chart = page.Locator(".trend-chart svg[role=img]");
        Assert.Equal(1, await chart.CountAsync());
        Assert.Equal("acc over time", await chart.Locator("title").First.TextContentAsync());
        Assert.Contains("1 significant step", await chart.Locator("desc").TextContentAsync());
        Assert.Equal(2, await chart.Locator("polygon[fill-opacity]").CountAsync());   // one interval band per model
        Assert.Equal(4, await chart.Locator("circle").CountAsync());
        var marker = chart.Locator("polygon.regression");
        Assert.Equal(1, await marker.CountAsync());
        Assert.Contains("trend-a-2", await marker.Locator("title").TextContentAsync());
        Assert.Equal(0, await chart.Locator("polygon.improvement").CountAsync());

        var rows = page.Locator("table.trend-points tbody tr");
        Assert.Equal(expected.Points.Count, await rows.CountAsync());
        var regression = await rows.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "trend-a-2" }) }).InnerTextAsync();
        Assert.Contains("regression", regression);
        Assert.Contains("mcnemar-exact", regression);
        Assert.Contains("0.0005", regression);   // p = 0.000488, four decimals
        Assert.Contains("[0.471, 0.608]", regression);
        var steady = await rows.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "trend-b-2" }) }).InnerTextAsync();
        Assert.Contains("no significant change", steady);

        AssertNone(await Axe.ViolationsAsync(page, "trends 1280"));

        // One model only, through the form.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Model" }).FillAsync("team/model-b");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Show trend" }).ClickAsync());
        Assert.Equal(2, await page.Locator("table.trend-points tbody tr").CountAsync());

        // From the leaderboard: each column links to its trend over the same dataset.
        await browser.GoToAsync("/leaderboard?dataset=" + Uri.EscapeDataString(Dataset));
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Trend of acc" }).ClickAsync());
        Assert.Equal(4, await page.Locator("table.trend-points tbody tr").CountAsync());
    });

    [ChromiumFact]
    public Task IsAccessibleOnAPhone_ExplainsBadInput_AndNeedsNoJavaScript() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var url = "/trends?score=acc&dataset=" + Uri.EscapeDataString(Dataset);
        await browser.GoToAsync(url);
        AssertNone(await Axe.ViolationsAsync(browser.Page, "trends 375"));
        await browser.ScreenshotAsync("31-trends-phone");
        await browser.GoToAsync("/trends");
        Assert.Contains("Choose a score", await browser.Page.Locator(".empty").InnerTextAsync());
        AssertNone(await Axe.ViolationsAsync(browser.Page, "trends empty"));
        browser.ExpectConsoleError("400");
        await browser.GoToAsync("/trends?score=acc", expectedStatus: 400);
        Assert.Contains("Name the series", await browser.Page.GetByRole(AriaRole.Alert).InnerTextAsync());
        AssertNone(await Axe.ViolationsAsync(browser.Page, "trends 400"));
    }, width: 375, height: 800);

    [ChromiumFact]
    public Task WithoutJavaScript_TheChartAndTableAreThere() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        await browser.GoToAsync("/trends?score=acc&dataset=" + Uri.EscapeDataString(Dataset));
        Assert.Equal(1, await browser.Page.Locator(".trend-chart svg polygon.regression").CountAsync());
        Assert.Equal(4, await browser.Page.Locator("table.trend-points tbody tr").CountAsync());
    }, javaScript: false);

    private static void AssertNone(IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, string.Join("\n", violations));
}
