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
    private static readonly Option<string?> s_format = OutputFormat.Create("leaderboard", ["table", "json"]);
    private static readonly Option<string?> s_orderBy = new("--order-by")
    {
        Description = "Score that orders the table (metric or metric:score); the first column by default.",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("leaderboard",
            "Rank the latest completed result of each model: rank = 1 + models significantly better (paired tests on shared items).")
        {
            s_benchmark, s_dataset, s_metric, s_project, s_orderBy, s_format,
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
            if (parse.GetValue(s_format) == "json")
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
                    ? $"#{cell.Rank}{(cell.Tied ? "=" : "")} {Render.Number(cell.Mean)} "
                        + $"[{Render.Number(cell.CiLow)}, {Render.Number(cell.CiHigh)}]"
                        + $" n={cell.N}{(cell.SharedShare is { } share ? $" shared {Math.Round(share * 100)}%" : "")}"
                    : "–"));
                table.AddRow(cells.Select(v => new Markup(Markup.Escape(v))).ToArray());
            }
            var ordering = report.Columns.FirstOrDefault(c => c.Key == report.OrderedBy);
            console.Out.MarkupLine(Markup.Escape(
                $"Ordered by {report.OrderedBy ?? "nothing"}{(ordering is null ? "" : $", ranked by {Describe(ordering.RankedBy)}")} " +
                "(choose with --order-by)."));
            console.Out.Write(table);
            console.Note($"{Plural.Of(report.Rows.Count, "model")}; '=' marks a shared rank. {report.TieRule}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(string rankedBy) => rankedBy switch
    {
        "paired" => "paired tests on shared items",
        "mixed" => "paired tests, and interval overlap for pairs sharing fewer than half their items",
        _ => "interval overlap (fewer than half the items shared)",
    };
}
