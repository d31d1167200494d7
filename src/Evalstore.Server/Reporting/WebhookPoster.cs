using System.Net.Http.Headers;
using Evalstore.Core.Model;

namespace Evalstore.Server.Reporting;

/// <summary>
/// Posts a report to one webhook, retrying failures with exponential backoff (bounded in attempts and delay). Waits are
/// measured on the server's clock, looked at every <see cref="ScheduledReportOptions.PollInterval"/>, so tests move a
/// fake clock instead of sleeping. Redirects are not followed: the server calls only the address the operator named.
/// </summary>
internal sealed class WebhookPoster(ReportSchedule schedule, TimeProvider clock) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,   // each attempt has its own timeout below
    };

    private ScheduledReportOptions Options => schedule.Options;

    /// <summary>Delivers <paramref name="body"/> (JSON) for the occurrence <paramref name="due"/>, retrying as allowed.</summary>
    public async Task<ReportDelivery> DeliverAsync(string workspace, Uri webhook, DateTimeOffset due, byte[] body,
        CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var delay = Options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            // The backoff runs from the start of the attempt, so a slow failure does not push the retry further out.
            var attemptStarted = clock.GetUtcNow();
            var (status, error) = await PostOnceAsync(webhook, body, cancellationToken);
            if (error is null || attempt >= Options.MaxAttempts)
            {
                return new ReportDelivery
                {
                    Id = Guid.CreateVersion7(clock.GetUtcNow()),
                    Workspace = workspace,
                    Webhook = ReportSchedule.Redacted(webhook),
                    ScheduledFor = due,
                    StartedAt = started,
                    FinishedAt = clock.GetUtcNow(),
                    Status = error is null ? DeliveryStatus.Delivered : DeliveryStatus.Failed,
                    Attempts = attempt,
                    HttpStatus = status,
                    Error = error,
                };
            }
            await WaitUntilAsync(attemptStarted + delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>Returns once the server's clock reads <paramref name="instant"/> or later.</summary>
    public async Task WaitUntilAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        while (clock.GetUtcNow() < instant)
        {
            await Task.Delay(Options.PollInterval, cancellationToken);
        }
    }

    private async Task<(int? Status, string? Error)> PostOnceAsync(Uri webhook, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.AttemptTimeout);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await _http.PostAsync(webhook, content, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {Options.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
