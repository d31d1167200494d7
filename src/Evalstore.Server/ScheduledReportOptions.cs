namespace Evalstore.Server;

/// <summary>
/// A report the server builds on a cron schedule and posts to webhooks (<c>serve --report "0 9 * * 1" --report-webhook URL</c>).
/// Only the operator names webhooks, on the command line, as with judge URLs: nothing a request sends can make the server
/// call another address.
/// </summary>
public sealed record ScheduledReportOptions
{
    /// <summary>Cron expression in UTC: 5 fields (minute hour day month weekday), 6 with seconds first, or @daily and the like
    /// (not on the command line, which reads <c>@…</c> as a response file).</summary>
    public required string Cron { get; init; }

    /// <summary>Absolute http(s) URLs the report is posted to; redirects are not followed.</summary>
    public required IReadOnlyList<string> Webhooks { get; init; }

    /// <summary>Workspace the report covers.</summary>
    public string Workspace { get; init; } = "default";

    /// <summary>Window of each report, back from the scheduled time (<c>7d</c>, <c>24h</c>).</summary>
    public string Since { get; init; } = "7d";

    /// <summary>How often the scheduler looks at the clock (real time; the due times are on <see cref="ServerOptions.Clock"/>).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per webhook and occurrence, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest an attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
