using System.Globalization;
using System.CommandLine;
using Evalstore.Core.Items;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore items --dataset D</c>: per item over the models' latest results, solve rate, failures, discrimination and
/// flags.</summary>
internal static class ItemsCommand
{
    private static readonly Option<string> s_dataset = new("--dataset")
    {
        Description = "Analyse the items of this dataset.", Required = true,
    };
    private static readonly Option<string?> s_project = new("--project") { Description = "Only this project." };
    private static readonly Option<string?> s_score = new("--score")
    {
        Description = "Score that decides solved or failed (metric or metric:score); the star or first 0/1 score by default.",
    };
    private static readonly Option<string[]> s_flag = new("--flag")
    {
        Description = $"Only items with this flag (repeatable): {string.Join(", ", ItemFlags.Names)}.",
    };
    private static readonly Option<string?> s_sort = new("--sort")
    {
        Description = "solve_rate (hardest first, default), discrimination or row_index; a leading '-' descends.",
    };
    private static readonly Option<int?> s_limit = new("--limit") { Description = "Items per page (1–1000, default 50)." };
    private static readonly Option<string?> s_after = new("--after") { Description = "The 'next' cursor a previous page printed." };
    private static readonly Option<string?> s_format = OutputFormat.Create("items", ["table", "json"]);

    public static Command Create(CliConsole console)
    {
        var command = new Command("items",
            "Item analysis over the latest completed result of each model on a dataset: solve rate, failing models, discrimination "
            + "and flags (suspect_reference, all_fail, all_pass, unstable).")
        {
            s_dataset, s_project, s_score, s_flag, s_sort, s_limit, s_after, s_format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ItemAnalysisRequest
            {
                Dataset = parse.GetValue(s_dataset)!,
                Project = parse.GetValue(s_project),
                Score = parse.GetValue(s_score),
                Flags = ItemFlags.Parse(parse.GetValue(s_flag) ?? []),
                Sort = parse.GetValue(s_sort) ?? "solve_rate",
                After = parse.GetValue(s_after),
                Limit = parse.GetValue(s_limit) ?? 50,
            };
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var report = await GlobalOptions.AnalysisOf(store).ItemsAsync(GlobalOptions.WorkspaceOf(parse), request, cancellationToken);
            if (parse.GetValue(s_format) == "json")
            {
                Render.Json(console, report);
                return ExitCodes.Success;
            }
            console.Out.MarkupLine(Markup.Escape($"Score {report.Score}: {report.ScoreChoice} (choose with --score)."));
            console.Out.MarkupLine(Markup.Escape("Models: " + string.Join(", ",
                report.Models.Select(m => $"{m.Model} ({m.Result.Name}, overall {Render.Number(m.OverallScore)})"))));
            var table = Render.Table("row", "digest", "solve rate", "failed by", "discrimination", "flags");
            foreach (var item in report.Items)
            {
                table.AddRow(new[]
                {
                    item.RowIndex.ToString(CultureInfo.InvariantCulture), item.Digest[..12],
                    $"{Render.Number(item.SolveRate)} ({item.ModelCount - item.FailedModels.Count}/{item.ModelCount})",
                    item.FailedModels.Count == 0 ? "–" : string.Join(", ", item.FailedModels),
                    item.Discrimination is { } d ? Render.Number(d) : "n/a",
                    Flags(item),
                }.Select(v => new Markup(Markup.Escape(v))).ToArray());
            }
            console.Out.Write(table);
            console.Note($"{Plural.Of(report.MatchingItems, "item")} of {report.TotalItems} match; flags: "
                + string.Join(", ", report.FlagCounts.Select(f => $"{f.Key} {f.Value}")) + ".");
            if (report.Next is not null)
            {
                console.Note($"More: --after {report.Next}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Flags(ItemStats item) =>
        item.Flags.Count == 0 ? "–" : string.Join(", ", item.Flags.Select(f =>
            f == ItemFlag.SuspectReference && item.SuspectOutput is { } output
            ? $"suspect_reference ({item.SuspectModels!.Count} say \"{output}\", reference \"{item.Reference}\")"
            : WireNames.Of(f)));
}
