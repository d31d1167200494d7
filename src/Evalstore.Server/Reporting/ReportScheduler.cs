using System.Text;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Microsoft.Extensions.Hosting;

namespace Evalstore.Server.Reporting;

/// <summary>
/// Sends the scheduled report at every cron occurrence (on the server's clock) to every webhook, and records each delivery
/// in the store. An occurrence that passes while a delivery is still retrying is skipped, not sent late.
/// </summary>
internal sealed partial class ReportScheduler(ReportSchedule schedule, IReportSource source, WebhookPoster poster, IServerStore store,
    TimeProvider clock, ILogger<ReportScheduler> logger) : BackgroundService
{
    /// <summary>Slack's limit on a message's text is 40,000 characters; the report's JSON travels beside it in full.</summary>
    private const int MaxText = 39_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = schedule.NextAfter(clock.GetUtcNow());
        try
        {
            while (next is { } due)
            {
                await poster.WaitUntilAsync(due, stoppingToken);
                await RunAsync(due, stoppingToken);
                var now = clock.GetUtcNow();
                next = schedule.NextAfter(now > due ? now : due);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private async Task RunAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        var workspace = schedule.Options.Workspace;
        byte[] body;
        try
        {
            body = Body(await source.BuildAsync(workspace, schedule.Options.Since, due, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A report that cannot be built is a failed delivery to every webhook, recorded like any other.
            LogBuildFailed(e, due);
            foreach (var webhook in schedule.Webhooks)
            {
                await RecordAsync(new ReportDelivery
                {
                    Id = Guid.CreateVersion7(clock.GetUtcNow()), Workspace = workspace, Webhook = ReportSchedule.Redacted(webhook),
                    ScheduledFor = due, StartedAt = clock.GetUtcNow(), FinishedAt = clock.GetUtcNow(), Status = DeliveryStatus.Failed,
                    Attempts = 0, Error = "the report could not be built: " + e.Message,
                }, cancellationToken);
            }
            return;
        }
        foreach (var webhook in schedule.Webhooks)
        {
            var delivery = await poster.DeliverAsync(workspace, webhook, due, body, cancellationToken);
            await RecordAsync(delivery, cancellationToken);
        }
    }

    private async Task RecordAsync(ReportDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await store.RecordReportDeliveryAsync(delivery, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRecordFailed(e, delivery.Webhook);
        }
        LogDelivery(delivery.ScheduledFor, delivery.Webhook, WireNames.Of(delivery.Status), delivery.Attempts, delivery.Error);
    }

    /// <summary>The webhook's body: Slack's <c>text</c> and the whole report.</summary>
    internal static byte[] Body(ReportMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("text", message.Text.Length <= MaxText ? message.Text : message.Text[..MaxText] + "\n…");
            writer.WritePropertyName("report");
            writer.WriteRawValue(Encoding.UTF8.GetBytes(message.ReportJson));
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled report due at {Due} could not be built")]
    private partial void LogBuildFailed(Exception exception, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Error, Message = "The delivery to {Webhook} could not be recorded")]
    private partial void LogRecordFailed(Exception exception, string webhook);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Scheduled report due at {Due} to {Webhook}: {Status} after {Attempts} attempt(s) {Error}")]
    private partial void LogDelivery(DateTimeOffset due, string webhook, string status, int attempts, string? error);
}
