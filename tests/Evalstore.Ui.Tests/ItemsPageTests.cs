using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>Issue 18: the item analysis page per dataset, reached from a result and from the leaderboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ItemsPageTests(UiServer ui) : IClassFixture<UiServer>
{
    private const string Dataset = "evalstore/capitals";

    // Three models answer "Lyon" where the reference says "Paris"; every model gets the second question right.
    private async Task SeedCapitalsAsync()
    {
        string[] models = ["openai/gpt-4o", "meta/llama-3.1-70b", "mistral/large"];
        for (var m = 0; m < models.Length; m++)
        {
            var name = $"capitals-{m}";
            if (await ui.Server.Store.GetResultAsync("default", name) is not null)
            {
                continue;
            }
            string Line(int index, string question, string reference, string output, bool correct) => JsonSerializer.Serialize(new
            {
                row_index = index,
                item = new { input = question, reference },
                sample = new { output_text = output },
                metrics = new { accuracy = new[] { new { name = "accuracy", value = correct } } },
            });
            await ui.Server.Store.ImportResultAsync("default", new RunSpec { Name = name, Model = models[m], Dataset = Dataset },
                Rows.Parse([Line(0, "Capital of France?", "Paris", m == 1 ? "lyon." : "Lyon", false),
                    Line(1, "Capital of Italy?", "Rome", "Rome", true)]));
        }
    }

    [ChromiumFact]
    public Task ItemsOfADataset_FlagTheSuspectReference_AndLinkToEveryRow() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        await SeedCapitalsAsync();
        var page = browser.Page;
        await browser.GoToAsync("/results/capitals-2");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = $"Items of {Dataset}" }).ClickAsync());
        Assert.Equal($"Items of {Dataset}", await page.Locator("h1").InnerTextAsync());
        await browser.ScreenshotAsync("40-items");

        var models = await page.Locator("section[aria-labelledby=items-models]").InnerTextAsync();
        Assert.Contains("Solved or failed by accuracy: the first 0/1 score of capitals-2 (default).", models);
        var table = page.Locator("table.items-table tbody tr");
        Assert.Equal(2, await table.CountAsync());
        var france = table.Filter(new() { HasText = "Capital of France?" });
        var text = await france.InnerTextAsync();
        Assert.Contains("suspect_reference", text);
        Assert.Contains("all_fail", text);
        Assert.Contains("3 models say “lyon”", text);
        Assert.Contains("reference: Paris", text);
        Assert.Contains("n/a", text);

        // The flag chips filter; the row links lead to the item in each result.
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "all_pass 1" }).ClickAsync());
        Assert.Contains("flag=all_pass", page.Url);
        Assert.Equal(1, await table.CountAsync());
        Assert.Contains("Capital of Italy?", await table.InnerTextAsync());
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "mistral/large · row 1" }).ClickAsync());
        Assert.Contains("capitals-2", await page.Locator(".breadcrumbs").InnerTextAsync());

        // The leaderboard of the dataset links here too.
        await browser.GoToAsync($"/leaderboard?dataset={Uri.EscapeDataString(Dataset)}");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = $"Item analysis of {Dataset}" }).ClickAsync());
        Assert.Contains("/items?dataset=", page.Url);
        AssertNoViolations(await Axe.ViolationsAsync(page, "items page"));
    });

    [ChromiumFact]
    public Task ABadSort_IsExplainedOnThePage() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        browser.ExpectConsoleError("400");
        await SeedCapitalsAsync();
        await browser.GoToAsync($"/items?dataset={Uri.EscapeDataString(Dataset)}&sort=difficulty", expectedStatus: 400);
        Assert.Contains("'sort' must be one of", await browser.Page.GetByRole(AriaRole.Alert).InnerTextAsync());
    });

    private static void AssertNoViolations(IReadOnlyList<string> found) =>
        Assert.True(found.Count == 0, "WCAG 2.1 A/AA violations:\n" + string.Join('\n', found));
}
