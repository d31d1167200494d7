using System.CommandLine;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore leaderboard [--benchmark B | --dataset D]</c>: models × scores with intervals and ties.</summary>
internal static class LeaderboardCommand
{
    private static readonly Option<string?> s_benchmark = new("--benchmark") { Description = "Rank results of this benchmark." };
    private static readonly Option<string?> s_dataset = new("--dataset") { Description = "Rank results on this dataset." };
    private static readonly Option<string?> s_metric = new("--metric") { Description = "Rank results of this metric reference." };
    private static readonly Option<string?> s_project = new("--project") { Description = "Only this project." };
    private static readonly Option<string?> s_orderBy = new("--order-by") { Description = "Column to order by (metric or metric:score)." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("leaderboard", "Rank the latest completed result of each model; overlapping 95% intervals tie.")
        {
            s_benchmark, s_dataset, s_metric, s_project, s_orderBy,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var report = await GlobalOptions.AnalysisOf(store).LeaderboardAsync(GlobalOptions.WorkspaceOf(parse), new LeaderboardRequest
            {
                Benchmark = parse.GetValue(s_benchmark),
                Dataset = parse.GetValue(s_dataset),
                MetricRef = parse.GetValue(s_metric),
                Project = parse.GetValue(s_project),
                OrderBy = parse.GetValue(s_orderBy),
            }, cancellationToken);
            if (GlobalOptions.FormatOf(parse) is "json" or "jsonl")
            {
                Render.Json(console, report);
                return ExitCodes.Success;
            }
            var table = Render.Table(
                [.. new[] { "model", "result" }.Concat(report.Columns.Select(c => c.Key + (c.HigherIsBetter ? " ↑" : " ↓")))]);
            foreach (var row in report.Rows)
            {
                var cells = new List<string> { row.Model, row.Result.Name };
                cells.AddRange(report.Columns.Select(c => row.Cells.TryGetValue(c.Key, out var cell)
                    ? $"#{cell.Rank}{(cell.Tied ? "=" : "")} {Render.Number(cell.Mean)} [{Render.Number(cell.CiLow)}, " +
                        $"{Render.Number(cell.CiHigh)}]"
                    : "–"));
                table.AddRow(cells.Select(v => new Markup(Markup.Escape(v))).ToArray());
            }
            console.Out.Write(table);
            console.Note($"{report.Rows.Count} models; '=' marks a tie ({report.TieRule}).");
            return ExitCodes.Success;
        });
        return command;
    }
}
