namespace Evalstore.Server.Reporting;

/// <summary>What a scheduled report posts: a Slack-compatible <c>text</c> and the typed report as JSON.</summary>
/// <param name="Text">A readable summary (Slack's <c>text</c> field).</param>
/// <param name="ReportJson">The whole report as a JSON value.</param>
internal sealed record ReportMessage(string Text, string ReportJson);

/// <summary>Builds the report a schedule sends; the seam between the scheduler and the report builder.</summary>
internal interface IReportSource
{
    /// <summary>The report of <paramref name="workspace"/> over <paramref name="since"/> up to <paramref name="until"/>.</summary>
    Task<ReportMessage> BuildAsync(string workspace, string since, DateTimeOffset until, CancellationToken cancellationToken);
}
