using System.CommandLine;
using System.Text.Json;
using Evalstore.Client;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Formats;
using Evalstore.Formats.Importing;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore import PATH… [--input-format auto|rows|lm-eval|inspect|promptfoo] [--replace]</c>: ingest JSONL files and
/// harness outputs (lm-eval results with their samples, inspect .json/.eval logs, promptfoo output) become completed
/// results, with a progress bar and a summary that compares our aggregates with the harness's own numbers.
/// </summary>
internal static class ImportCommand
{
    private static readonly Argument<string[]> s_paths = new("paths")
    {
        Description =
            "Files or directories: ingest JSONL, lm-eval results_*.json (samples beside it), inspect .json/.eval logs, promptfoo output " +
            "JSON.",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string> s_inputFormat = new("--input-format")
    {
        Description = $"What the files are: {OutputFormat.Join(ImportFormats.Names)} (default auto: by content).",
        HelpName = string.Join('|', ImportFormats.Names),
        DefaultValueFactory = _ => "auto",
    };
    // --format is what every verb prints; here it is the import report, never what the files are.
    private static readonly Option<string?> s_format = OutputFormat.Create("import", ["table", "json"],
        hint: $"What the files are is --input-format ({OutputFormat.Join(ImportFormats.Names)}).");
    private static readonly Option<bool> s_replace =
        new("--replace") { Description = "Delete results imported earlier from the same file, then import it again." };
    // Kept for scripts written before --format json; not advertised.
    private static readonly Option<bool> s_json = new("--json") { Description = "Same as --format json.", Hidden = true };
    private static readonly Option<string?> s_name =
        new("--name", "-n") { Description = "Result name (one result only; default: from the file)." };
    private static readonly Option<string?> s_project = new("--project") { Description = "Project (default 'default')." };
    private static readonly Option<string?> s_kind = new("--kind") { Description = "metric, benchmark or evaluation." };
    private static readonly Option<string?> s_model = new("--model") { Description = "Model reference (overrides the file's)." };
    private static readonly Option<string?> s_dataset = new("--dataset") { Description = "Dataset reference (overrides the file's)." };
    private static readonly Option<string?> s_metric = new("--metric") { Description = "Metric reference (metric results)." };
    private static readonly Option<string?> s_benchmark = new("--benchmark") { Description = "Benchmark reference (benchmark results)." };
    private static readonly Option<string?> s_evaluation = new("--evaluation") { Description = "Evaluation reference." };
    private static readonly Option<string[]> s_label = new("--label") { Description = "Label key=value (repeatable)." };
    private static readonly Option<FileInfo?> s_spec =
        new("--spec") { Description = "JSON run spec with metric declarations and star metric (rows files)." };

    static ImportCommand() => s_inputFormat.Validators.Add(result =>
    {
        if (result.Tokens.Count > 0 && !ImportFormats.Names.Contains(result.Tokens[^1].Value, StringComparer.Ordinal))
        {
            result.AddError($"--input-format {result.Tokens[^1].Value}: use {OutputFormat.Join(ImportFormats.Names)}.");
        }
    });

    public static Command Create(CliConsole console)
    {
        var command = new Command("import", "Import rows files and harness outputs (lm-eval, inspect_ai, promptfoo) as completed results.")
        {
            s_paths, s_inputFormat, s_format, s_replace, s_json, s_name, s_project, s_kind, s_model, s_dataset, s_metric, s_benchmark,
            s_evaluation, s_label, s_spec,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ImportOptions
            {
                Format = ImportFormats.Parse(parse.GetValue(s_inputFormat)),
                Replace = parse.GetValue(s_replace),
                Overrides = ReadOverrides(parse),
            };
            var workspace = GlobalOptions.WorkspaceOf(parse);
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            ImportReport? report = null;
            await console.WithProgressAsync(async context =>
            {
                if (AiEvalImport.Claims(parse.GetValue(s_paths)!))
                {
                    report = await AiEvalImport.ImportAsync(store, workspace, parse.GetValue(s_paths)![0], options, cancellationToken);
                    return;
                }
                if (store is EvalstoreClient client)
                {
                    report = await UploadAsync(client, workspace, parse.GetValue(s_paths)!, options, context, cancellationToken);
                    return;
                }
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = context is not { } bars ? null : new SyncProgress<ImportProgress>(p =>
                {
                    var key = $"{p.File}\n{p.Stage}";
                    if (!tasks.TryGetValue(key, out var task))
                    {
                        task = tasks[key] = bars.AddTask(Markup.Escape($"{p.File}: {p.Stage}"), maxValue: Math.Max(1, p.Total));
                    }
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = Math.Min(p.Done, task.MaxValue);
                });
                report = await new FormatImporter(store, workspace).ImportAsync(
                    parse.GetValue(s_paths)!, options, progress, cancellationToken);
            });
            if (parse.GetValue(s_json) || parse.GetValue(s_format) == "json")
            {
                Render.Json(console, report);
            }
            else
            {
                ImportSummary.Write(console, report!);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    // Against a server the files go up whole and the server imports them (a harness's run spec, with its task config,
    // is too large for the query string of a row import); the bar shows the upload.
    private static async Task<ImportReport> UploadAsync(EvalstoreClient client, string workspace, string[] paths, ImportOptions options,
        ProgressContext? context, CancellationToken cancellationToken)
    {
        var (files, skipped) = await FormatImporter.FilesToUploadAsync(paths, options.Format, cancellationToken);
        var total = files.Sum(f => new FileInfo(f).Length);
        var task = context?.AddTask($"Uploading {Plural.Of(files.Count, "file")}", maxValue: Math.Max(1, total));
        var report = await client.ImportFilesAsync(workspace, files, ImportFormats.Name(options.Format), options.Replace, options.Overrides,
            task is null ? null : new SyncProgress<long>(sent => task.Value = Math.Min(sent, task.MaxValue)), cancellationToken);
        return report with { Skipped = [.. skipped, .. report.Skipped] };
    }

    private static RunSpec ReadOverrides(ParseResult parse)
    {
        var spec = new RunSpec { Name = "" };
        if (parse.GetValue(s_spec) is { } specFile)
        {
            try
            {
                spec = JsonSerializer.Deserialize<RunSpec>(File.ReadAllText(specFile.FullName), EvalstoreJson.Options)!;
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
            Name = parse.GetValue(s_name) ?? spec.Name ?? "",
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
