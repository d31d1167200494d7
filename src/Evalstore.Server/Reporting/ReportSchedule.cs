using Cronos;
using Evalstore.Core;
using Evalstore.Server.Analysis;

namespace Evalstore.Server.Reporting;

/// <summary>
/// A checked <see cref="ScheduledReportOptions"/>: the cron expression parsed (Cronos, UTC) and every webhook an absolute
/// http(s) URL. Checked when the server is built, so a typo stops <c>serve</c> with a clear error instead of a report
/// that never comes.
/// </summary>
internal sealed class ReportSchedule
{
    private readonly CronExpression _cron;

    private ReportSchedule(ScheduledReportOptions options, CronExpression cron, IReadOnlyList<Uri> webhooks)
    {
        Options = options;
        _cron = cron;
        Webhooks = webhooks;
    }

    public ScheduledReportOptions Options { get; }

    public IReadOnlyList<Uri> Webhooks { get; }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>; null when the expression has none left.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        _cron.GetNextOccurrence(instant.UtcDateTime, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>Parses and checks the options; a 400 naming what is wrong otherwise.</summary>
    public static ReportSchedule Parse(ScheduledReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.Cron.Trim();
        CronExpression cron;
        try
        {
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            cron = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw EvalstoreException.BadRequest(
                $"--report '{options.Cron}' is not a cron expression ({e.Message.TrimEnd('.')}); " +
                "write 5 fields in UTC, minute hour day-of-month month day-of-week, e.g. \"0 9 * * 1\" for Mondays at 09:00.");
        }
        if (options.Webhooks.Count == 0)
        {
            throw EvalstoreException.BadRequest("--report needs at least one --report-webhook URL to post the report to.");
        }
        var webhooks = options.Webhooks.Select(Webhook).ToList();
        _ = ReportWindow.Parse(options.Since, "--report-since");
        if (options.MaxAttempts < 1)
        {
            throw EvalstoreException.BadRequest("A scheduled report needs at least one attempt per webhook.");
        }
        return new ReportSchedule(options, cron, webhooks);
    }

    private static Uri Webhook(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : throw EvalstoreException.BadRequest(
                $"--report-webhook '{text}' is not an absolute http(s) URL without credentials (put a token in the path or query).");

    /// <summary>A webhook as it is stored and shown: scheme, host and port only, since the path often is the secret.</summary>
    public static string Redacted(Uri webhook) => webhook.GetLeftPart(UriPartial.Authority) + "/…";
}
