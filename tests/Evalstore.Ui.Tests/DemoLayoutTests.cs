using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>
/// The demo data as a newcomer sees it: at 1400 px the leaderboard fits and says what orders it, compare's choices
/// read whole and do not offer the baseline as a candidate, chart titles stay on one line; at a phone's width the
/// headline mean and difference show before the tables scroll; long names wrap between words; one icon request.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoLayoutTests(DemoUiServer demo) : IClassFixture<DemoUiServer>
{
    private string Baseline => demo.SameDataset[0].Name;

    private string Candidate => demo.SameDataset[1].Name;

    [ChromiumFact]
    public Task TheLeaderboard_FitsAt1400Px_AndSaysWhatOrdersIt() => BrowserSession.RunAsync(demo.BaseAddress, async browser =>
    {
        await browser.GoToAsync($"/leaderboard?dataset={Uri.EscapeDataString(demo.SameDataset[0].Dataset!)}");
        await browser.ScreenshotAsync("11-leaderboard-demo");
        Assert.Equal(0, await OverflowAsync(browser.Page, "table.leaderboard"));
        var caption = await browser.Page.Locator("table.leaderboard caption").InnerTextAsync();
        Assert.StartsWith("Ordered by ", caption);
        Assert.Contains(" is better.", caption);
    }, width: 1400);

    [ChromiumFact]
    public Task Compare_ShowsWholeChoices_WithoutTheBaselineAmongCandidates() =>
        BrowserSession.RunAsync(demo.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync($"/compare?a={Baseline}&b={Candidate}");
        await browser.ScreenshotAsync("10-compare-demo");
        var baselineId = await page.GetByLabel("Baseline (A)").InputValueAsync();
        var candidates = await page.Locator("#cmp-b option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.NotEmpty(candidates);
        Assert.DoesNotContain(baselineId, candidates);
        // Each demo option's text, the 63-character name too, is narrower than its box (measured in the select's font).
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#cmp-a, #cmp-b')].flatMap(select => {
              const context = document.createElement('canvas').getContext('2d');
              const s = getComputedStyle(select);
              context.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
              const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - (select.multiple ? 8 : 24);
              return [...select.options].filter(o => context.measureText(o.text).width > room)
                .map(o => o.text);
            })
            """);
        Assert.True(cut.Length == 0, "cut option texts: " + string.Join(", ", cut));
        await AssertChartTitlesOnOneLineAsync(page);
    }, width: 1400);

    [ChromiumFact]
    public Task ChartTitles_StayOnOneLine() => BrowserSession.RunAsync(demo.BaseAddress, async browser =>
    {
        await browser.GoToAsync($"/results/{Baseline}");
        await AssertChartTitlesOnOneLineAsync(browser.Page);
    }, width: 1400);

    [ChromiumFact]
    public Task AtPhoneWidth_TheHeadlineMeanAndDifference_ShowBeforeTheTablesScroll() =>
        BrowserSession.RunAsync(demo.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync($"/results/{Baseline}");
        await AssertOnScreenAsync(page, "table.aggregates tbody tr:first-child > :nth-child(2)");
        await browser.ScreenshotAsync("03-result-demo-phone");
        await browser.GoToAsync($"/compare?a={Baseline}&b={Candidate}");
        await AssertOnScreenAsync(page, "table.compare-table tbody tr:first-child > :nth-child(2)");
        await AssertOnScreenAsync(page, "table.compare-table tbody tr:first-child > :nth-child(3)");
    }, width: 375, height: 812);

    [ChromiumFact]
    public Task ALongResultName_WrapsBetweenItsWords() => BrowserSession.RunAsync(demo.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/");
        var link = page.GetByRole(AriaRole.Link, new() { Name = DemoUiServer.LongName });
        // Where each line of the name starts: the character before each break must be a separator.
        var breaks = await link.EvaluateAsync<int[]>("""
            link => {
              const range = document.createRange(), starts = [];
              let offset = 0, top = null;
              const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                for (let i = 0; i < n.length; i++) {
                  range.setStart(n, i); range.setEnd(n, i + 1);
                  const t = range.getBoundingClientRect().top;
                  if (top !== null && t > top + 2) starts.push(offset + i);
                  top = t;
                }
                offset += n.length;
              }
              return starts;
            }
            """);
        Assert.NotEmpty(breaks); // the name is long enough to wrap in its column
        Assert.All(breaks, at => Assert.Contains(DemoUiServer.LongName[at - 1].ToString(), "_-./:"));
        Assert.Equal(0, await OverflowAsync(page, "table.results-table"));
        await browser.ScreenshotAsync("01-results-demo", fullPage: false);
    }, width: 1280);

    [ChromiumFact]
    public Task TheIcon_IsFetchedOnce_AndTheReadmeScreenshotIsTaken() => BrowserSession.RunAsync(demo.BaseAddress, async browser =>
    {
        var page = browser.Page;
        var icons = 0;
        page.Request += (_, request) => icons += request.Url.Contains("favicon", StringComparison.Ordinal) ? 1 : 0;
        await browser.GoToAsync($"/results/{Baseline}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(icons <= 1, $"{icons} icon requests");
        Assert.Equal(1, await page.Locator("[href*='favicon'], [src*='favicon']").CountAsync());
        // The README's picture of the result page (docs/screenshot-result.png is copied from it).
        await browser.ScreenshotAsync("readme-result", fullPage: false);
    });

    /// <summary>How many pixels a table's scroll box hides sideways.</summary>
    private static Task<int> OverflowAsync(IPage page, string table) =>
        page.Locator(table).EvaluateAsync<int>("t => t.closest('.table-scroll').scrollWidth - t.closest('.table-scroll').clientWidth");

    private static async Task AssertOnScreenAsync(IPage page, string selector)
    {
        var box = (await page.Locator(selector).BoundingBoxAsync())!;
        var width = page.ViewportSize!.Width;
        Assert.True(box.X + box.Width <= width, $"{selector} ends at {box.X + box.Width} px, beyond the {width} px screen");
    }

    private static async Task AssertChartTitlesOnOneLineAsync(IPage page)
    {
        var titles = page.Locator(".chart-title");
        Assert.True(await titles.CountAsync() > 0);
        var wrapped = await titles.EvaluateAllAsync<string[]>("""
            titles => titles.filter(t => t.scrollWidth > t.clientWidth || t.getClientRects().length > 1
              || t.getBoundingClientRect().height > parseFloat(getComputedStyle(t).fontSize) * 2).map(t => t.textContent)
            """);
        Assert.True(wrapped.Length == 0, "cut or wrapped chart titles: " + string.Join(", ", wrapped));
    }
}
