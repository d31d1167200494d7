using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>The results list: search box, filters, sort and pages, all carried in a shareable URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResultsListTests(UiServer ui) : IClassFixture<UiServer>
{
    private static ILocator NameLinks(IPage page) => page.Locator("table.results-table tbody a.result-link");

    [ChromiumFact]
    public Task SearchFiltersSortAndPages_AndTheUrlReproducesTheView() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/");
        await browser.ScreenshotAsync("01-results");
        Assert.Equal(25, await NameLinks(page).CountAsync());
        Assert.Contains("31 results", await page.Locator(".page-sub").InnerTextAsync());

        // The search box takes the filter text syntax.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search results" }).FillAsync("name~llama");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync());
        Assert.Contains("q=name~llama", Uri.UnescapeDataString(page.Url));
        Assert.Equal([SeedData.Llama], await NameLinks(page).AllInnerTextsAsync());

        // A plain word searches names.
        await browser.GoToAsync("/?q=gsm8k");
        Assert.Equal([SeedData.Maths], await NameLinks(page).AllInnerTextsAsync());

        // Filters: model contains, status, label; each lands in the URL.
        await browser.GoToAsync("/");
        await page.GetByText("Filters", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Model").FillAsync("gpt-4o");
        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync());
        Assert.Contains("model=gpt-4o", page.Url);
        Assert.Contains("status=completed", page.Url);
        Assert.Equal([SeedData.Maths, SeedData.Gpt], await NameLinks(page).AllInnerTextsAsync());
        await browser.ScreenshotAsync("02-results-filtered");

        await browser.GoToAsync("/?status=failed");
        Assert.Equal([SeedData.Failed], await NameLinks(page).AllInnerTextsAsync());
        await browser.GoToAsync("/?label=team%3Dresearch&sort=name");
        Assert.Equal(new[] { SeedData.Llama, SeedData.Gpt, SeedData.Running }.Order(StringComparer.Ordinal),
            await NameLinks(page).AllInnerTextsAsync());

        // Sorting by a column header, then reversing it.
        await browser.GoToAsync("/?project=frontier");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Name", Exact = true }).ClickAsync());
        var ascending = await NameLinks(page).AllInnerTextsAsync();
        Assert.Equal("ascending", await page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));
        Assert.Equal(ascending.Order(StringComparer.Ordinal), ascending);
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Name", Exact = true }).ClickAsync());
        Assert.Equal(ascending.Reverse(), await NameLinks(page).AllInnerTextsAsync());
        Assert.Contains("sort=-name", page.Url);

        // Pages: 31 results at 25 a page.
        await browser.GoToAsync("/");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Next ›" }).ClickAsync());
        Assert.Contains("page=2", page.Url);
        Assert.Equal(6, await NameLinks(page).CountAsync());
        Assert.Contains("Page 2 of 2", await page.Locator(".pager-status").InnerTextAsync());

        // A shared link shows the same view in a fresh page.
        var shared = ui.BaseAddress + "?model=llama&sort=name";
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(shared);
        Assert.Equal([SeedData.Llama], await NameLinks(other).AllInnerTextsAsync());
        Assert.Equal("llama", await other.GetByLabel("Model").InputValueAsync());
        await other.CloseAsync();
    });

    [ChromiumFact]
    public Task AMalformedFilter_ExplainsItselfOnThePage() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        browser.ExpectConsoleError("400");
        await browser.GoToAsync("/?q=" + Uri.EscapeDataString("created_at>yesterday"), expectedStatus: 400);
        var alert = browser.Page.GetByRole(AriaRole.Alert);
        Assert.Contains("That filter does not work", await alert.InnerTextAsync());
        Assert.Contains("created_at", await alert.InnerTextAsync());
    });

    [ChromiumFact]
    public Task ADoubledOperator_IsA400WithItsPosition_NotAnEmptyList() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        browser.ExpectConsoleError("400");
        await browser.GoToAsync("/?q=" + Uri.EscapeDataString("model~~\"llama"), expectedStatus: 400);
        var alert = await browser.Page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains("That filter does not work", alert);
        Assert.Contains("at character 7", alert);
    });
}
