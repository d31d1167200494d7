using System.CommandLine;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Scoring;
using Evalstore.Scoring.Metrics;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore score DATA.jsonl --metric M… --name N</c>: score existing outputs offline (NeMo's metric and benchmark
/// jobs) and store them as one completed result.
/// </summary>
internal static class ScoreCommand
{
    private static readonly Argument<FileInfo> s_file =
        new("file") { Description = "JSONL of rows with item and sample (the outputs to score)." };
    private static readonly Option<string> s_name = new("--name", "-n") { Description = "Result name.", Required = true };
    private static readonly Option<string[]> s_metric =
        new("--metric") { Description = $"Metric TYPE or NAME=TYPE (repeatable): {string.Join(", ", MetricFactory.Types)}." };
    private static readonly Option<FileInfo?> s_metricsFile = new("--metrics-file") { Description =
        "JSON list of metric specs (type, name, output, reference, pattern, tolerance, url, model, rubric, prompt…)." };
    private static readonly Option<string?> s_output =
        new("--output-template") { Description = $"Where the output is (default {MetricSpec.DefaultOutput})." };
    private static readonly Option<string?> s_reference =
        new("--reference-template") { Description = $"Where the reference is (default {MetricSpec.DefaultReference})." };
    private static readonly Option<string?> s_judgeUrl =
        new("--judge-url") { Description = "Chat completions URL for llm-judge metrics (OpenAI-compatible)." };
    private static readonly Option<string?> s_judgeModel = new("--judge-model") { Description = "Model name for llm-judge metrics." };
    private static readonly Option<string?> s_model = new("--model") { Description = "Model reference of the outputs." };
    private static readonly Option<string?> s_dataset = new("--dataset") { Description = "Dataset reference." };
    private static readonly Option<string?> s_benchmark = new("--benchmark") { Description = "Benchmark reference (several metrics)." };
    private static readonly Option<string?> s_format = OutputFormat.Create("score", ["table", "json"]);

    public static Command Create(CliConsole console)
    {
        var command = new Command("score", "Score outputs offline with built-in metrics or an LLM judge, and store the result.")
        {
            s_file, s_name, s_metric, s_metricsFile, s_output, s_reference, s_judgeUrl, s_judgeModel, s_model, s_dataset,
            s_benchmark, s_format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(s_file)!;
            if (!file.Exists)
            {
                throw EvalstoreException.BadRequest($"{file.FullName}: no such file.");
            }
            var metrics = Metrics(parse);
            var spec = new RunSpec
            {
                Name = parse.GetValue(s_name)!,
                Model = parse.GetValue(s_model),
                Dataset = parse.GetValue(s_dataset),
                Benchmark = parse.GetValue(s_benchmark),
                Metric = metrics.Count == 1 ? metrics[0].Key : null,
            };
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            ResultInfo? result = null;
            await console.WithProgressAsync(async progress =>
            {
                var task = progress?.AddTask($"Scoring {Markup.Escape(file.Name)}", maxValue: Math.Max(1, file.Length));
                await using var input = new CountingStream(File.OpenRead(file.FullName),
                    new SyncProgress<long>(read => task?.Value = read));
                result = await ScoreJob.RunAsync(store, GlobalOptions.WorkspaceOf(parse), spec, metrics, input, http, cancellationToken);
            });
            if (parse.GetValue(s_format) == "json")
            {
                Render.Json(console, result);
            }
            else
            {
                console.Note($"Scored {Plural.Of(result!.RowCount, "row")} of {file.Name} with " +
                    $"{string.Join(", ", metrics.Select(m => m.Key))} into '{result.Name}' ({result.Id}).");
                Render.AggregateTable(console, result.Scores);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<MetricSpec> Metrics(ParseResult parse)
    {
        var output = parse.GetValue(s_output);
        var reference = parse.GetValue(s_reference);
        var metrics = new List<MetricSpec>();
        if (parse.GetValue(s_metricsFile) is { } file)
        {
            try
            {
                metrics.AddRange(
                    JsonSerializer.Deserialize<List<MetricSpec>>(File.ReadAllText(file.FullName), EvalstoreJson.Options) ?? []);
            }
            catch (JsonException e)
            {
                throw EvalstoreException.BadRequest($"{file.Name} is not a JSON list of metric specs: {e.Message}");
            }
        }
        metrics.AddRange((parse.GetValue(s_metric) ?? []).Select(m => MetricFactory.Parse(m, output, reference)));
        return metrics.Select(m => m.Type == "llm-judge" ? m
            with { Url = m.Url ?? parse.GetValue(s_judgeUrl), Model = m.Model ?? parse.GetValue(s_judgeModel) } : m).ToList();
    }
}
