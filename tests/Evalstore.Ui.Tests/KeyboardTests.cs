using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>
/// Tab reaches every control of the list, result and sign-in pages, and each stop shows a focus ring of at least
/// 3:1 against the surface around it; the skip link moves focus into the content; a wrong key keeps focus on the key.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(UiServer open, KeyedUiServer keyed) : IClassFixture<UiServer>, IClassFixture<KeyedUiServer>
{
    [ChromiumFact]
    public Task TheListAndResultPages_ShowFocusOnEveryStop() => BrowserSession.RunAsync(open.BaseAddress, async browser =>
    {
        await browser.GoToAsync("/");
        var list = await TabThroughAsync(browser.Page);
        Assert.Contains(list, s => s.Element.Contains(SeedData.Gpt, StringComparison.Ordinal));
        await browser.GoToAsync($"/results/{SeedData.Gpt}");
        var result = await TabThroughAsync(browser.Page);
        Assert.Contains(result, s => s.Element.Contains("Rows table", StringComparison.Ordinal)); // the scroll region
        Assert.Contains(result, s => s.Element.Contains("Filter rows", StringComparison.Ordinal));
    });

    [ChromiumFact]
    public Task TheSkipLink_MovesFocusIntoTheContent() => BrowserSession.RunAsync(open.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync($"/results/{SeedData.Gpt}");
        await page.Keyboard.PressAsync("Tab");
        var skip = await FocusRing.OfFocusedAsync(page);
        Assert.Contains("Skip to content", skip.Element);
        Assert.True(skip.IsVisible, $"{skip}");
        var box = (await page.Locator(".skip-link").BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.Y >= 0, "the focused skip link is on screen");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.True((await FocusRing.OfFocusedAsync(page)).InMain, "the next stop is in the content, not the header");
    });

    [ChromiumFact]
    public Task SignIn_ShowsFocusOnEveryStop_AndAWrongKeyKeepsFocusOnTheKey() => BrowserSession.RunAsync(keyed.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/signin");
        var stops = await TabThroughAsync(page);
        Assert.Contains(stops, s => s.Element.StartsWith("input#key", StringComparison.Ordinal));

        var key = page.GetByLabel("API key");
        await key.FillAsync("not-a-key");
        await browser.NavigateByAsync(() => key.PressAsync("Enter"));
        Assert.Contains("not valid", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal("true", await key.GetAttributeAsync("aria-invalid"));
        Assert.Contains("key-error", await key.GetAttributeAsync("aria-describedby"));
        Assert.Equal("key", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await browser.ScreenshotAsync("07-signin-wrong-key", fullPage: false);
    });

    /// <summary>Presses Tab until focus leaves the page or comes round again, checking the ring at every stop.</summary>
    private static async Task<List<FocusRing>> TabThroughAsync(IPage page)
    {
        var stops = new List<FocusRing>();
        for (var i = 0; i < 400; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var ring = await FocusRing.OfFocusedAsync(page);
            if (ring.Body || (stops.Count > 0 && ring.Element == stops[0].Element && i > 2))
            {
                break;
            }
            stops.Add(ring);
        }
        Assert.True(stops.Count >= 5, $"only {stops.Count} tab stops on {page.Url}");
        var invisible = stops.Where(s => !s.IsVisible).ToList();
        Assert.True(invisible.Count == 0, $"{page.Url}: no visible focus on\n" + string.Join('\n', invisible));
        return stops;
    }
}
