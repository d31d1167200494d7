using System.Globalization;
using System.Net;
using System.Text;
using Evalstore.Core.Model;

namespace Evalstore.Core.Reporting;

/// <summary>
/// The report as one HTML file for e-mail: inline CSS (mail clients drop linked sheets), an inline SVG per significant
/// change showing both intervals of the shared items' means, and no script anywhere.
/// </summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d1d1d;background:#fff;margin:24px;max-width:980px}
        h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:28px}h3{font-size:15px}
        table{border-collapse:collapse;width:100%;margin:6px 0 14px}th,td{border:1px solid #d0d0d0;padding:4px 8px;text-align:left;
        vertical-align:top}th{background:#f1f3f5}.regression{color:#b00020;font-weight:600}.improvement{color:#1b6e2e;font-weight:600}
        .muted{color:#555}.failed{color:#b00020;font-weight:600}
        """;

    public static string Render(WorkspaceReport report)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Evalstore report: {report.Workspace}")).Append("</title><style>").Append(Style).Append("</style></head><body>");
        h.Append("<h1>").Append(E($"Evalstore report: {report.Workspace}")).Append("</h1>");
        h.Append(CultureInfo.InvariantCulture,
            $"<p class=\"muted\">{report.From:yyyy-MM-dd HH:mm} – {report.Until:yyyy-MM-dd HH:mm} UTC (last {E(report.Since)}). ")
            .Append(CultureInfo.InvariantCulture,
                $"Changes are paired tests on shared items, Holm-adjusted, significant at α = {report.Alpha}.</p>");
        h.Append("<p>").Append(E(ReportRendering.Headline(report))).Append("</p>");
        if (report.Projects.Count == 0)
        {
            h.Append("<p>Nothing new in this window.</p>");
        }
        foreach (var project in report.Projects)
        {
            h.Append("<h2>Project ").Append(E(project.Project)).Append("</h2>");
            Table(h, "Significant changes", project.Changes,
                ["result", "model", "score", "change", "before → after", "adjusted p", "chart"],
                c => [E(c.Result.Name), E(c.Result.Model ?? ""), E(c.Score),
                    $"<span class=\"{(c.Change == TrendChange.Regression ? "regression" : "improvement")}\">"
                        + $"{WireNames.Of(c.Change)}</span>",
                    E($"{ReportRendering.N(c.MeanBefore)} → {ReportRendering.N(c.MeanAfter)} "
                        + $"(vs {c.Previous.Name}, n = {c.SharedItems})"),
                    E($"{ReportRendering.P(c.AdjustedP)} ({(c.Test is { } t ? WireNames.Of(t) : "")})"), Arrow(c)]);
            Table(h, "New results", project.NewResults, ["result", "model", "dataset", "status", "scores"],
                r => [E(r.Result.Name), E(r.Result.Model ?? ""), E(r.Result.Dataset ?? r.Benchmark ?? ""), E(WireNames.Of(r.Status)),
                    E(ReportRendering.Scores(r))]);
            Table(h, "Leaderboard moves", project.LeaderboardMoves, ["board", "score", "model", "rank", "mean"],
                m => [E(m.Board), E(m.Score), E(m.Model), E($"{ReportRendering.Rank(m.RankBefore)} → #{m.RankAfter}"),
                    E($"{ReportRendering.N(m.MeanBefore)} → {ReportRendering.N(m.MeanAfter)}")]);
            Table(h, "Failed runs", project.FailedRuns, ["result", "model", "error"],
                r => [E(r.Result.Name), E(r.Result.Model ?? ""), E(r.ErrorDescription ?? "")]);
            Table(h, "Gate outcomes", project.Gates, ["time", "result", "baseline", "verdict", "summary"],
                g => [E(g.EvaluatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)), E(g.Result.Name),
                    E(g.Baseline?.Name ?? ""), g.Passed ? "passed" : "<span class=\"failed\">FAILED</span>", E(g.Summary)]);
        }
        return h.Append("</body></html>").ToString();
    }

    private static void Table<T>(StringBuilder h, string title, IReadOnlyList<T> items, string[] headers, Func<T, string[]> cells)
    {
        h.Append(CultureInfo.InvariantCulture, $"<h3>{E(title)} ({items.Count})</h3>");
        if (items.Count == 0)
        {
            h.Append("<p class=\"muted\">None.</p>");
            return;
        }
        h.Append("<table><thead><tr>").Append(string.Concat(headers.Select(x => $"<th scope=\"col\">{E(x)}</th>")))
            .Append("</tr></thead><tbody>");
        foreach (var item in items)
        {
            h.Append("<tr>").Append(string.Concat(cells(item).Select(c => $"<td>{c}</td>"))).Append("</tr>");
        }
        h.Append("</tbody></table>");
    }

    /// <summary>A small inline SVG: the shared items' mean before and after on one axis, an arrow between them.</summary>
    private static string Arrow(ReportChange change)
    {
        if (change.MeanBefore is not { } a || change.MeanAfter is not { } b)
        {
            return "";
        }
        var lo = Math.Min(a, b);
        var hi = Math.Max(a, b);
        var span = hi > lo ? hi - lo : 1;
        double X(double v) => 10 + 100 * (v - lo) / span;
        var color = change.Change == TrendChange.Regression ? "#b00020" : "#1b6e2e";
        var label = $"{change.Score}: {ReportRendering.N(a)} to {ReportRendering.N(b)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"20\" viewBox=\"0 0 120 20\" role=\"img\" "
            + $"aria-label=\"{E(label)}\">"
            + $"<line x1=\"{X(a):0.#}\" y1=\"10\" x2=\"{X(b):0.#}\" y2=\"10\" stroke=\"{color}\" stroke-width=\"2\"/>"
            + $"<circle cx=\"{X(a):0.#}\" cy=\"10\" r=\"4\" fill=\"#777\"/>"
            + $"<circle cx=\"{X(b):0.#}\" cy=\"10\" r=\"4\" fill=\"{color}\"/></svg>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
