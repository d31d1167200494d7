using System.CommandLine;
using Evalstore.Core.Model;
using Evalstore.Core.Reporting;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore report --since 7d [--project P] --format md|html|json [-o FILE]</c>: per project, the new results,
/// significant changes, leaderboard moves, failed runs and gate outcomes of the window.
/// </summary>
internal static class ReportCommand
{
    private static readonly Option<string> s_since = new("--since")
    {
        Description = "The window back from now: 30m, 24h, 7d, 2w.", DefaultValueFactory = _ => "7d",
    };
    private static readonly Option<string?> s_project = new("--project") { Description = "Only this project." };
    private static readonly Option<double> s_alpha =
        new("--alpha") { Description = "Significance level of the changes (Holm-adjusted).", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<string?> s_format = OutputFormat.Create("report", ["md", "html", "json"]);
    private static readonly Option<FileInfo?> s_output = new("--output", "-o") { Description = "Write the report to this file." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("report",
            "What happened over a window, per project: new results, significant changes, leaderboard moves, failed runs, gates.")
        {
            s_since, s_project, s_alpha, s_format, s_output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var report = await GlobalOptions.AnalysisOf(store).ReportAsync(GlobalOptions.WorkspaceOf(parse), new ReportRequest
            {
                Since = parse.GetValue(s_since)!, Project = parse.GetValue(s_project), Alpha = parse.GetValue(s_alpha),
            }, cancellationToken);
            var text = ReportRendering.Render(report, ReportRendering.ParseFormat(parse.GetValue(s_format)));
            if (parse.GetValue(s_output) is { } output)
            {
                await File.WriteAllTextAsync(output.FullName, text, cancellationToken);
                console.Note($"Wrote {output.FullName}: {ReportRendering.Headline(report)}");
            }
            else
            {
                console.Data.Write(text);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
