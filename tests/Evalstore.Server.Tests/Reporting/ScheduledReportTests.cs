using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Reporting;

/// <summary>
/// <c>serve --report</c> end to end on each store: a loopback webhook gets the report when the (fake) clock reaches the
/// cron occurrence and not before, a 500 is retried after the backoff and then delivered, and the delivery is recorded
/// and listed by the API.
/// </summary>
public abstract class ScheduledReportTests
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(30);

    /// <summary>A server on this class's store with the given options.</summary>
    protected abstract Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions> configure);

    private static ScheduledReportOptions Schedule(WebhookReceiver receiver, int attempts = 5) => new()
    {
        Cron = "0 9 * * *",
        Webhooks = [receiver.Url.ToString()],
        PollInterval = TimeSpan.FromMilliseconds(20),
        MaxAttempts = attempts,
        FirstRetryDelay = s_firstRetry,
        MaxRetryDelay = TimeSpan.FromMinutes(5),
    };

    // The fake clock starts now (results are stamped by the store's real clock, so they fall inside the report's window).
    private static (FakeClock Clock, DateTimeOffset Due) ClockBeforeNine()
    {
        var now = DateTimeOffset.UtcNow;
        var due = new DateTimeOffset(now.Date, TimeSpan.Zero).AddHours(9);
        return (new FakeClock(now), due > now ? due : due.AddDays(1));
    }

    private static async Task<JsonElement> DeliveriesAsync(TestServer server, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var list = await server.Http.GetFromJsonAsync<JsonElement>("api/v1/workspaces/default/report-deliveries");
            var data = list.GetProperty("data");
            if (data.GetArrayLength() >= count)
            {
                return data;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{data.GetArrayLength()} deliveries recorded, not {count}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task TheReportArrivesOnTime_AndA500IsRetriedThenDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(HttpStatusCode.InternalServerError);
        var (clock, due) = ClockBeforeNine();
        await using var server = await StartServerAsync(o => o with { Clock = clock, ScheduledReport = Schedule(receiver) });
        await server.Store.ImportResultAsync("default", new RunSpec { Name = "nightly-1", Model = "m", Dataset = "d" },
            Rows.Parse(Rows.Seed004));

        clock.Advance(due - clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        await Task.Delay(300);   // fifteen looks at the clock: one second early, nothing is sent
        Assert.Empty(receiver.Bodies);

        clock.Advance(TimeSpan.FromSeconds(1));
        await receiver.WaitForAsync(1);   // on time: answered 500
        await Task.Delay(300);
        Assert.Single(receiver.Bodies);   // the retry waits for the backoff, on the server's clock
        clock.Advance(s_firstRetry);
        await receiver.WaitForAsync(2);   // retried, answered 200

        var delivery = (await DeliveriesAsync(server, 1))[0];
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("http_status").GetInt32());
        Assert.Equal(due, delivery.GetProperty("scheduled_for").GetDateTimeOffset());
        Assert.Equal(due + s_firstRetry, delivery.GetProperty("finished_at").GetDateTimeOffset());
        var webhook = delivery.GetProperty("webhook").GetString()!;
        Assert.StartsWith("http://127.0.0.1:", webhook, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", webhook, StringComparison.Ordinal);   // the path may be a secret: not stored

        using var body = JsonDocument.Parse(receiver.Bodies.Last());
        Assert.Equal(receiver.Bodies.First(), receiver.Bodies.Last());   // the retry sends the same report
        Assert.StartsWith("Evalstore report for default, last 7d: 1 new results", body.RootElement.GetProperty("text").GetString(),
            StringComparison.Ordinal);
        var report = body.RootElement.GetProperty("report");
        Assert.Equal("default", report.GetProperty("workspace").GetString());
        Assert.Contains("nightly-1", report.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebhookThatKeepsFailing_IsRecordedAsFailedAfterTheLastAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(
            HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable);
        var (clock, due) = ClockBeforeNine();
        await using var server = await StartServerAsync(o => o with { Clock = clock, ScheduledReport = Schedule(receiver, attempts: 3) });
        clock.Advance(due - clock.GetUtcNow());
        await receiver.WaitForAsync(1);
        clock.Advance(s_firstRetry);
        await receiver.WaitForAsync(2);
        clock.Advance(s_firstRetry * 2);   // exponential: the second retry waits twice as long
        await receiver.WaitForAsync(3);
        var delivery = (await DeliveriesAsync(server, 1))[0];
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(503, delivery.GetProperty("http_status").GetInt32());
        Assert.Equal("HTTP 503 Service Unavailable", delivery.GetProperty("error").GetString());
        await Task.Delay(300);
        Assert.Equal(3, receiver.Bodies.Count);   // bounded: no fourth attempt
    }
}

/// <summary>Scheduled reports over SQLite.</summary>
public sealed class SqliteScheduledReportTests : ScheduledReportTests
{
    protected override Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions> configure) =>
        TestServer.StartAsync(configure: configure);
}

/// <summary>Scheduled reports over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresScheduledReportTests(PostgresDatabase database) : ScheduledReportTests
{
    protected override Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions> configure) =>
        database.StartServerAsync(configure);
}
