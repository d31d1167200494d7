using Evalstore.Core.Model;
using Evalstore.Server.Analysis;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>Comparing two results (differences, tests, verdicts, flipped rows) and ranking models on a leaderboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CompareAndLeaderboardTests(UiServer ui) : IClassFixture<UiServer>
{
    private static string Signed(double? value) => value switch
    {
        > 0 => "+" + Num(value),
        < 0 => "−" + Num(-value),
        _ => Num(value),
    };

    private static string Num(double? value) => value!.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    [ChromiumFact]
    public Task ComparesTwoResults_WithPairedDifferencesVerdictsAndFlippedRows() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/results/" + SeedData.Gpt);
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Compare…" }).ClickAsync());
        var gpt = (await ui.Server.Store.GetResultAsync("default", SeedData.Gpt))!;
        Assert.Equal(gpt.Id.ToString(), await page.GetByLabel("Baseline (A)").InputValueAsync());
        var llama = (await ui.Server.Store.GetResultAsync("default", SeedData.Llama))!;
        await page.GetByLabel("Candidates (B…)").SelectOptionAsync([llama.Id.ToString()]);
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync());
        await browser.ScreenshotAsync("10-compare");

        // The page shows what the store computes: the same join, difference and verdict.
        var expected = (await new EvalAnalysis(ui.Server.Store).CompareAsync(
            "default", new CompareRequest { Baseline = gpt.Name, Candidates = [llama.Name] })).Candidates[0];
        var section = page.Locator("section:has(table.compare-table)");
        Assert.Contains($"{expected.MatchedItems} matched items", await section.Locator(".page-sub").First.InnerTextAsync());
        var rows = section.Locator("table.compare-table tbody tr");
        Assert.Equal(expected.Scores.Count, await rows.CountAsync());
        var accuracy = expected.Scores.Single(s => s.Metric == "accuracy").Comparison;
        var accuracyRow = await rows.Filter(
            new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "accuracy", Exact = true }) }).InnerTextAsync();
        Assert.Contains(Signed(accuracy.Difference), accuracyRow);
        Assert.Contains($"{accuracy.Wins} / {accuracy.Losses} / {accuracy.Ties}", accuracyRow);
        Assert.Contains("McNemar", accuracyRow);
        Assert.Matches("worse|no significant difference", accuracyRow);

        // One per-item difference chart per compared score.
        Assert.Equal(expected.Scores.Count, await section.Locator("figure svg[role=img]").CountAsync());

        // Flipped rows, both outputs side by side, each linking to its row.
        var flipped = expected.Flipped!;
        Assert.Contains($"{flipped.Regressed} regressed", await section.Locator(".flipped").InnerTextAsync());
        var first = section.Locator("article.flip-card").First;
        Assert.Equal(2, await first.Locator("pre.output").CountAsync());
        await browser.NavigateByAsync(
            () => first.GetByRole(AriaRole.Link, new() { Name = $"B · row {flipped.Rows[0].CandidateRowIndex}" }).ClickAsync());
        Assert.Contains(SeedData.Llama, await page.Locator(".breadcrumbs").InnerTextAsync());
    });

    [ChromiumFact]
    public Task AComparisonOfUnknownOrScorelessResults_ExplainsItself() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        browser.ExpectConsoleError("404");
        browser.ExpectConsoleError("400");
        await browser.GoToAsync($"/compare?a={SeedData.Gpt}&b=no-such-result", expectedStatus: 404);
        Assert.Contains("no-such-result", await browser.Page.Locator(".error-detail").InnerTextAsync());
        await browser.GoToAsync($"/compare?a={SeedData.Gpt}&b={SeedData.Llama}&metric=no-such-score", expectedStatus: 400);
        Assert.Contains("no-such-score", await browser.Page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(1, await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).CountAsync());
    });

    [ChromiumFact]
    public Task RanksModelsOnABenchmark_WithIntervalsAndTies() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var page = browser.Page;
        await browser.GoToAsync("/");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Leaderboard" }).ClickAsync());
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "benchmark mmlu" }).ClickAsync());
        await browser.ScreenshotAsync("11-leaderboard");

        var expected = await new EvalAnalysis(ui.Server.Store).LeaderboardAsync("default", new LeaderboardRequest { Benchmark = "mmlu" });
        var models = await page.Locator("table.leaderboard tbody th").AllInnerTextsAsync();
        Assert.Equal(expected.Rows.Select(r => r.Model), models.Select(m => m.Split('\n')[0].Trim()));
        Assert.DoesNotContain(models, m => m.Contains("claude", StringComparison.Ordinal)); // still running: not ranked
        var top = expected.Rows[0].Cells[expected.OrderedBy!];
        var firstRow = await page.Locator("table.leaderboard tbody tr").First.InnerTextAsync();
        Assert.Contains(Num(top.Mean), firstRow);
        Assert.Contains($"[{Num(top.CiLow)}, {Num(top.CiHigh)}]", firstRow);

        // A result's benchmark links to its leaderboard.
        await browser.GoToAsync("/results/" + SeedData.Llama);
        await browser.NavigateByAsync(
            () => page.Locator(".meta-grid").GetByRole(AriaRole.Link, new() { Name = "mmlu", Exact = true }).ClickAsync());
        Assert.EndsWith("/leaderboard?benchmark=mmlu", page.Url);
        Assert.Equal(models, await page.Locator("table.leaderboard tbody th").AllInnerTextsAsync());

        // Ordering by another column.
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "f1", Exact = true }).ClickAsync());
        Assert.Contains("order=f1", page.Url);
        Assert.Equal("descending", await page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));

        // Issue 11: the table says which score orders it and how it was ranked, and a chooser picks the score.
        Assert.StartsWith("Ordered by f1", await page.Locator("table.leaderboard caption").InnerTextAsync());
        Assert.Equal("f1", await page.GetByLabel("Order by score").InputValueAsync());
        var firstColumn = expected.Columns[0].Key;
        await page.GetByLabel("Order by score").SelectOptionAsync(firstColumn);
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Show leaderboard" }).ClickAsync());
        Assert.Contains("order=" + Uri.EscapeDataString(firstColumn), page.Url);
        Assert.StartsWith($"Ordered by {firstColumn}, ranked by", await page.Locator("table.leaderboard caption").InnerTextAsync());
        Assert.Contains("1 + the number of models significantly better", await page.Locator("p.hint").Last.InnerTextAsync());
    });
}
