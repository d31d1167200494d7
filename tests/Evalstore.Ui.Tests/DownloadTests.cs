using System.Text.Json;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;
using Parquet;

namespace Evalstore.Ui.Tests;

/// <summary>The result page's download buttons deliver the rows in each export format.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DownloadTests(UiServer ui) : IClassFixture<UiServer>
{
    private static async Task<byte[]> DownloadAsync(IPage page, string button)
    {
        var download =
            await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = button, Exact = true }).ClickAsync());
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllBytesAsync(await download.PathAsync());
    }

    [ChromiumFact]
    public Task JsonlDownload_HoldsEveryRowInTheIngestShape() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        await browser.GoToAsync("/results/" + SeedData.Maths);
        var lines = System.Text.Encoding.UTF8.GetString(await DownloadAsync(browser.Page, "JSONL")).Split(
            '\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(60, lines.Length); // 20 items × 3 trials
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(0, first.RootElement.GetProperty("row_index").GetInt64());
        Assert.Equal(43, first.RootElement.GetProperty("row_digest").GetString()!.Length);
        Assert.True(first.RootElement.GetProperty("metrics").TryGetProperty("exact-match", out _));
    });

    [ChromiumFact]
    public Task ParquetDownload_IsAParquetFileOfEveryRow() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        await browser.GoToAsync("/results/" + SeedData.Maths);
        using var file = new MemoryStream(await DownloadAsync(browser.Page, "PARQUET"));
        await using var reader = await ParquetReader.CreateAsync(file);
        long rows = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            rows += rowGroup.RowCount;
        }
        Assert.Equal(60, rows); // 20 items × 3 trials
        Assert.Contains(reader.Schema.GetDataFields(), f => f.Name == "row_digest");
    });
}
