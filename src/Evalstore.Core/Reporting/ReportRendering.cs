using System.Globalization;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Core.Reporting;

/// <summary>The forms a workspace report is rendered in.</summary>
public enum ReportFormat
{
    /// <summary>The typed report as JSON (what the API returns by default).</summary>
    Json,
    /// <summary>Markdown, for chat, pull requests and terminals.</summary>
    Markdown,
    /// <summary>One self-contained HTML file (inline CSS and SVG, no scripts), fit for e-mail.</summary>
    Html,
}

/// <summary>
/// Renders a <see cref="WorkspaceReport"/>: the one place the CLI (<c>evalstore report</c>), the API
/// (<c>GET …/report?format=</c>) and a scheduled delivery turn the typed report into text.
/// </summary>
public static class ReportRendering
{
    /// <summary>Reads <c>md</c>, <c>markdown</c>, <c>html</c> or <c>json</c>; 400 otherwise.</summary>
    public static ReportFormat ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => ReportFormat.Json,
        "md" or "markdown" => ReportFormat.Markdown,
        "html" => ReportFormat.Html,
        _ => throw EvalstoreException.BadRequest($"'format' must be md, html or json; found '{text}'."),
    };

    /// <summary>The media type of a rendering.</summary>
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Markdown => "text/markdown; charset=utf-8",
        ReportFormat.Html => "text/html; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>The report in the given form.</summary>
    public static string Render(WorkspaceReport report, ReportFormat format) => format switch
    {
        ReportFormat.Markdown => Markdown(report),
        ReportFormat.Html => ReportHtml.Render(report),
        _ => JsonSerializer.Serialize(report, EvalstoreJson.Options),
    };

    /// <summary>One line per finding, for a chat message's <c>text</c> (Slack-compatible).</summary>
    public static string Headline(WorkspaceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = report.Projects;
        return string.Create(CultureInfo.InvariantCulture,
            $"Evalstore report for {report.Workspace}, last {report.Since}: {p.Sum(x => x.NewResults.Count)} new results, "
            + $"{p.Sum(x => x.Changes.Count(c => c.Change == TrendChange.Regression))} regressions, "
            + $"{p.Sum(x => x.Changes.Count(c => c.Change == TrendChange.Improvement))} improvements, "
            + $"{p.Sum(x => x.FailedRuns.Count)} failed runs, {p.Sum(x => x.Gates.Count(g => !g.Passed))} failed gates.");
    }

    /// <summary>The report as Markdown.</summary>
    public static string Markdown(WorkspaceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Evalstore report: {M(report.Workspace)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{report.From:yyyy-MM-dd HH:mm} – {report.Until:yyyy-MM-dd HH:mm} UTC (last {report.Since}); changes are paired tests on "
            + $"shared items, Holm-adjusted across each result's scores, significant at α = {report.Alpha}.");
        md.AppendLine();
        md.AppendLine(Headline(report));
        if (report.Projects.Count == 0)
        {
            md.AppendLine().AppendLine("Nothing new in this window.");
        }
        foreach (var project in report.Projects)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Project {M(project.Project)}").AppendLine();
            Section(md, "Significant changes", project.Changes,
                "| result | model | score | change | before → after | test | adjusted p |",
                c => $"| {M(c.Result.Name)} | {M(c.Result.Model ?? "")} | {M(c.Score)} | **{WireNames.Of(c.Change)}** | "
                    + $"{N(c.MeanBefore)} → {N(c.MeanAfter)} (vs {M(c.Previous.Name)}, n = {c.SharedItems}) | "
                    + $"{(c.Test is { } t ? WireNames.Of(t) : "")} | {P(c.AdjustedP)} |");
            Section(md, "New results", project.NewResults, "| result | model | dataset | status | scores |",
                r => $"| {M(r.Result.Name)} | {M(r.Result.Model ?? "")} | {M(r.Result.Dataset ?? r.Benchmark ?? "")} | "
                    + $"{WireNames.Of(r.Status)} | {M(Scores(r))} |");
            Section(md, "Leaderboard moves", project.LeaderboardMoves, "| board | score | model | rank | mean |",
                m => $"| {M(m.Board)} | {M(m.Score)} | {M(m.Model)} | {Rank(m.RankBefore)} → #{m.RankAfter} | "
                    + $"{N(m.MeanBefore)} → {N(m.MeanAfter)} |");
            Section(md, "Failed runs", project.FailedRuns, "| result | model | error |",
                r => $"| {M(r.Result.Name)} | {M(r.Result.Model ?? "")} | {M(r.ErrorDescription ?? "")} |");
            Section(md, "Gate outcomes", project.Gates, "| time | result | baseline | verdict | summary |",
                g => $"| {g.EvaluatedAt:yyyy-MM-dd HH:mm} | {M(g.Result.Name)} | {M(g.Baseline?.Name ?? "")} | "
                    + $"{(g.Passed ? "passed" : "**FAILED**")} | {M(g.Summary)} |");
        }
        return md.ToString();
    }

    private static void Section<T>(StringBuilder md, string title, IReadOnlyList<T> items, string header, Func<T, string> row)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### {title} ({items.Count})").AppendLine();
        if (items.Count == 0)
        {
            md.AppendLine("None.").AppendLine();
            return;
        }
        md.AppendLine(header).AppendLine(string.Concat(header.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(_ => "|---")) + "|");
        foreach (var item in items)
        {
            md.AppendLine(row(item));
        }
        md.AppendLine();
    }

    /// <summary>A result's scores as <c>score mean [low, high] n</c>.</summary>
    public static string Scores(ReportResult result) => string.Join("; ", result.Scores.Select(s =>
        $"{s.Score} {N(s.Mean)}" + (s.CiLow is null ? "" : $" [{N(s.CiLow)}, {N(s.CiHigh)}]") + $" n={s.N}"));

    /// <summary>A rank before the window, or "new".</summary>
    public static string Rank(int? rank) => rank is { } r ? $"#{r}" : "new";

    /// <summary>A number with four significant digits.</summary>
    public static string N(double? value) => TrendChart.N(value);

    /// <summary>A p-value with three significant digits.</summary>
    public static string P(double? p) => p is { } v ? v.ToString("G3", CultureInfo.InvariantCulture) : "–";

    private static string M(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
