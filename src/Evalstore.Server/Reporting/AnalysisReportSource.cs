using Evalstore.Core.Model;
using Evalstore.Core.Reporting;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Reporting;

/// <summary>
/// A scheduled report is the workspace report of <c>evalstore report</c>: its headline and Markdown body as the
/// Slack-compatible text, the typed report as JSON.
/// </summary>
internal sealed class AnalysisReportSource(IEvalAnalysis analysis) : IReportSource
{
    public async Task<ReportMessage> BuildAsync(string workspace, string since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var report = await analysis.ReportAsync(workspace, new ReportRequest { Since = since, Until = until }, cancellationToken);
        return new ReportMessage(ReportRendering.Headline(report) + "\n\n" + ReportRendering.Markdown(report),
            ReportRendering.Render(report, ReportFormat.Json));
    }
}
