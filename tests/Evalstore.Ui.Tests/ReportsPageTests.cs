using Evalstore.Core.Model;
using Evalstore.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests;

/// <summary>Issue 18: the scheduled report's deliveries at /reports, reached from the main navigation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsPageTests(UiServer ui) : IClassFixture<UiServer>
{
    [ChromiumFact]
    public Task Deliveries_AreListedNewestFirst_WithAttemptsAndErrors() => BrowserSession.RunAsync(ui.BaseAddress, async browser =>
    {
        var due = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        if ((await ui.Server.Store.ListReportDeliveriesAsync("default", 10)).Count == 0)
        {
            await ui.Server.Store.RecordReportDeliveryAsync(new ReportDelivery
            {
                Id = Guid.CreateVersion7(), Workspace = "default", Webhook = "https://hooks.example.com/…", ScheduledFor = due,
                StartedAt = due, FinishedAt = due.AddSeconds(6), Status = DeliveryStatus.Failed, Attempts = 3, HttpStatus = 503,
                Error = "HTTP 503 Service Unavailable",
            });
            await ui.Server.Store.RecordReportDeliveryAsync(new ReportDelivery
            {
                Id = Guid.CreateVersion7(), Workspace = "default", Webhook = "https://hooks.example.com/…", ScheduledFor = due.AddDays(1),
                StartedAt = due.AddDays(1), FinishedAt = due.AddDays(1).AddSeconds(2), Status = DeliveryStatus.Delivered, Attempts = 2,
                HttpStatus = 200,
            });
        }
        var page = browser.Page;
        await browser.GoToAsync("/");
        await browser.NavigateByAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync());
        Assert.Equal("Report deliveries", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("No report is scheduled on this server", await page.Locator(".page-sub").InnerTextAsync());
        await browser.ScreenshotAsync("41-reports");
        var rows = page.Locator("table.deliveries tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        var newest = await rows.Nth(0).InnerTextAsync();
        Assert.Contains("2026-12-01 09:00 UTC", newest);
        Assert.Contains("delivered", newest);
        var oldest = await rows.Nth(1).InnerTextAsync();
        Assert.Contains("failed", oldest);
        Assert.Contains("HTTP 503 Service Unavailable", oldest);
        var violations = await Axe.ViolationsAsync(page, "reports page");
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    });
}
