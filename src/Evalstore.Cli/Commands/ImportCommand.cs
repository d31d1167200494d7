using System.CommandLine;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore import FILE --name N</c>: one JSONL file of rows becomes one completed result.</summary>
internal static class ImportCommand
{
    private static readonly Argument<FileInfo> s_file = new("file") { Description = "JSONL file of rows (the ingest format)." };
    private static readonly Option<string> s_name = new("--name", "-n") { Description = "Result name, unique in the workspace.", Required = true };
    private static readonly Option<string?> s_project = new("--project") { Description = "Project (default 'default')." };
    private static readonly Option<string?> s_kind = new("--kind") { Description = "metric, benchmark or evaluation (default metric)." };
    private static readonly Option<string?> s_model = new("--model") { Description = "Model reference." };
    private static readonly Option<string?> s_dataset = new("--dataset") { Description = "Dataset reference." };
    private static readonly Option<string?> s_metric = new("--metric") { Description = "Metric reference (metric results)." };
    private static readonly Option<string?> s_benchmark = new("--benchmark") { Description = "Benchmark reference (benchmark results)." };
    private static readonly Option<string?> s_evaluation = new("--evaluation") { Description = "Evaluation reference." };
    private static readonly Option<string[]> s_label = new("--label") { Description = "Label key=value (repeatable)." };
    private static readonly Option<FileInfo?> s_spec = new("--spec") { Description = "JSON run spec with metric declarations and star metric." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("import", "Import a JSONL file of rows as one completed result.")
        {
            s_file, s_name, s_project, s_kind, s_model, s_dataset, s_metric, s_benchmark, s_evaluation, s_label, s_spec,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = ReadSpec(parse);
            var file = parse.GetValue(s_file)!;
            if (!file.Exists)
            {
                throw EvalstoreException.BadRequest($"{file.FullName}: no such file.");
            }
            var workspace = GlobalOptions.WorkspaceOf(parse);
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var parser = new RowParser(RunSpecRules.Normalize(spec).Metrics);
            ResultInfo? result = null;
            await console.Err.Progress().AutoClear(true).HideCompleted(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {Markup.Escape(file.Name)}", maxValue: Math.Max(1, file.Length));
                await using var stream = new ProgressStream(File.OpenRead(file.FullName), read => task.Value = read);
                var rows = JsonlReader.ReadRowsAsync(stream, parser, cancellationToken: cancellationToken);
                try
                {
                    result = await store.ImportResultAsync(workspace, spec, rows, cancellationToken);
                }
                catch (EvalstoreException e) when (e.Status == 400 && e.Extensions.ContainsKey("line"))
                {
                    throw new EvalstoreException(e.Status, e.Title, $"{file.Name}: {e.Detail}");
                }
            });
            if (GlobalOptions.FormatOf(parse) == "json")
            {
                Render.Json(console, result);
            }
            else
            {
                console.Note($"Imported {result!.RowCount} rows ({result.ItemCount} items) from {file.Name} as '{result.Name}' ({result.Id}).");
                Render.AggregateTable(console, result.Scores);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static RunSpec ReadSpec(ParseResult parse)
    {
        var spec = new RunSpec { Name = parse.GetValue(s_name)! };
        if (parse.GetValue(s_spec) is { } specFile)
        {
            try
            {
                spec = JsonSerializer.Deserialize<RunSpec>(File.ReadAllText(specFile.FullName), EvalstoreJson.Options)! with { Name = spec.Name };
            }
            catch (JsonException e)
            {
                throw EvalstoreException.BadRequest($"{specFile.Name} is not a valid run spec: {e.Message}");
            }
        }
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>());
        foreach (var label in parse.GetValue(s_label) ?? [])
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw EvalstoreException.BadRequest($"--label '{label}' is not key=value.");
            }
            labels[label[..eq]] = label[(eq + 1)..];
        }
        var kind = parse.GetValue(s_kind);
        return spec with
        {
            Project = parse.GetValue(s_project) ?? spec.Project,
            Kind = kind is null ? spec.Kind : Enum.TryParse<ResultKind>(kind, ignoreCase: true, out var k) ? k
                : throw EvalstoreException.BadRequest($"--kind '{kind}': use metric, benchmark or evaluation."),
            Model = parse.GetValue(s_model) ?? spec.Model,
            Dataset = parse.GetValue(s_dataset) ?? spec.Dataset,
            Metric = parse.GetValue(s_metric) ?? spec.Metric,
            Benchmark = parse.GetValue(s_benchmark) ?? spec.Benchmark,
            Evaluation = parse.GetValue(s_evaluation) ?? spec.Evaluation,
            Labels = labels,
        };
    }
}
