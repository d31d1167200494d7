using Evalstore.Core;
using Evalstore.Server.Hosting;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Reporting;

/// <summary>A bad cron expression or webhook stops the server before it starts, with an error that says what to write.</summary>
public sealed class ScheduleStartupTests
{
    [Theory]
    [InlineData("every monday", "http://127.0.0.1:9/hook", "--report 'every monday' is not a cron expression")]
    [InlineData("61 9 * * *", "http://127.0.0.1:9/hook", "--report '61 9 * * *' is not a cron expression")]
    [InlineData("0 9 * * 1", "ftp://127.0.0.1/hook", "--report-webhook 'ftp://127.0.0.1/hook' is not an absolute http(s) URL")]
    [InlineData("0 9 * * 1", "/relative/hook", "--report-webhook '/relative/hook' is not an absolute http(s) URL")]
    [InlineData("0 9 * * 1", "http://user:pw@127.0.0.1/hook", "without credentials")]
    public async Task BadScheduleOrWebhook_IsAClearStartupError(string cron, string webhook, string expected)
    {
        using var directory = new TempDirectory();
        await using var store = await SqliteStore.OpenAsync(directory.File("evalstore.db"));
        var options = new ServerOptions
        {
            Store = store, Urls = "http://127.0.0.1:0",
            ScheduledReport = new ScheduledReportOptions { Cron = cron, Webhooks = [webhook] },
        };
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => EvalstoreServer.BuildAsync(options));
        Assert.Equal(400, error.Status);
        Assert.Contains(expected, error.Detail, StringComparison.Ordinal);
    }
}
