using System.Globalization;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Reporting;

/// <summary>
/// A scheduled report from the store alone: the results created in the window, new and failed. It stands in until the
/// workspace report of <c>evalstore report</c> is wired in as the source.
/// </summary>
internal sealed class StoreSummarySource(IServerStore store) : IReportSource
{
    public async Task<ReportMessage> BuildAsync(string workspace, string since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var from = until - Window(since);
        var filter = new AndFilter([
            new FieldFilter("created_at", FilterOperator.Gte, [Iso(from)]),
            new FieldFilter("created_at", FilterOperator.Lte, [Iso(until)])]);
        var results = new List<ResultInfo>();
        await foreach (var result in store.StreamResultsAsync(workspace, filter, cancellationToken: cancellationToken))
        {
            results.Add(result);
        }
        var completed = results.Where(r => r.Status == ResultStatus.Completed).ToList();
        var failed = results.Where(r => r.Status == ResultStatus.Failed).ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Evalstore report for {workspace}, last {since}: {completed.Count} new results, {failed.Count} failed runs.")
            + string.Concat(completed.Select(r => $"\n- {r.Name} ({r.Model ?? "no model"})"));
        var json = JsonSerializer.Serialize(new
        {
            workspace, from, until, since,
            new_results = completed.Select(ResultRef.Of),
            failed_runs = failed.Select(ResultRef.Of),
        }, EvalstoreJson.Options);
        return new ReportMessage(text, json);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The report window: hours, days or weeks; a 400 otherwise.</summary>
    internal static TimeSpan Window(string since)
    {
        var unit = since.Length > 1 ? since[^1] : ' ';
        return int.TryParse(since[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && unit is 'h' or 'd' or 'w'
            ? unit switch { 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => TimeSpan.FromDays(7 * n) }
            : throw EvalstoreException.BadRequest(
                $"--report-since must be a number of hours, days or weeks (24h, 7d, 2w), found '{since}'.");
    }
}
