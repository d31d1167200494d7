using System.CommandLine;
using System.Globalization;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore trends --score S (--dataset D | --benchmark B | --project P) [--model M]</c>: every completed result of the
/// series with mean, 95% interval and n, each step tested against the same model's previous result.
/// </summary>
internal static class TrendsCommand
{
    private static readonly Option<string> s_score =
        new("--score") { Description = "The score to follow (metric or metric:score).", Required = true };
    private static readonly Option<string?> s_model = new("--model") { Description = "Only this model." };
    private static readonly Option<string?> s_dataset = new("--dataset") { Description = "Results on this dataset." };
    private static readonly Option<string?> s_benchmark = new("--benchmark") { Description = "Results of this benchmark." };
    private static readonly Option<string?> s_project = new("--project") { Description = "Results of this project." };
    private static readonly Option<double> s_alpha = new("--alpha")
    {
        Description = "Significance level of the steps (Holm along each model's series).", DefaultValueFactory = _ => 0.05,
    };
    private static readonly Option<int> s_limit =
        new("--limit") { Description = "The latest this many results (2–1000).", DefaultValueFactory = _ => 200 };
    private static readonly Option<string?> s_format = OutputFormat.Create("trends", ["table", "json"]);

    public static Command Create(CliConsole console)
    {
        var command = new Command("trends",
            "A score over time: mean, 95% interval and n per result; regression/improvement only where significant (paired, Holm).")
        {
            s_score, s_model, s_dataset, s_benchmark, s_project, s_alpha, s_limit, s_format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var trend = await GlobalOptions.AnalysisOf(store).TrendsAsync(GlobalOptions.WorkspaceOf(parse), new TrendRequest
            {
                Score = parse.GetValue(s_score)!,
                Model = parse.GetValue(s_model),
                Dataset = parse.GetValue(s_dataset),
                Benchmark = parse.GetValue(s_benchmark),
                Project = parse.GetValue(s_project),
                Alpha = parse.GetValue(s_alpha),
                Limit = parse.GetValue(s_limit),
            }, cancellationToken);
            if (parse.GetValue(s_format) == "json")
            {
                Render.Json(console, trend);
                return ExitCodes.Success;
            }
            var table = Render.Table("created", "model", "result", "mean [95% CI]", "n", "vs previous", "test", "p (Holm)", "change");
            foreach (var p in trend.Points)
            {
                var step = p.Step;
                table.AddRow(new[]
                {
                    p.Result.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), p.Model, p.Result.Name,
                    $"{Render.Number(p.Mean)} [{Render.Number(p.CiLow)}, {Render.Number(p.CiHigh)}]",
                    p.N.ToString(CultureInfo.InvariantCulture),
                    step is null ? "–" : $"{step.Previous.Name} ({step.SharedItems} shared, Δ {Render.Number(step.Difference)})",
                    step?.Test is { } test ? WireNames.Of(test) : "–",
                    step is null ? "–" : $"{Render.Number(step.P)} ({Render.Number(step.AdjustedP)})",
                    step is null ? "–" : WireNames.Of(step.Change),
                }.Select(v => new Text(v)).ToArray());
            }
            console.Out.Write(table);
            console.Note($"{Plural.Of(trend.Points.Count, "result")} of {Plural.Of(trend.Models.Count, "model")}; {trend.Method}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
