using System.CommandLine;
using Evalstore.Client;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Server.Analysis;
using Evalstore.Server.Storage;
using Spectre.Console;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore gate NAME [--baseline B] --require EXPR… [--max-drop X] [--alpha A]</c>: did this change make the model
/// worse? Exit 0 pass, 1 gate failed, 2 usage or data error; JUnit and Markdown outputs for CI.
/// </summary>
internal static class GateCommand
{
    private static readonly Argument<string> s_result = new("name") { Description = "The result under test (name or UUID)." };
    private static readonly Option<string?> s_baseline =
        new("--baseline") { Description = "Baseline result to compare with (paired, item by item)." };
    private static readonly Option<string[]> s_require = new("--require")
    {
        Description =
            "Requirement such as exact-match.mean>=0.8, accuracy.ci_low>=0.7, latency_ms.p90<=2000, pass_status==true (repeatable).",
    };
    private static readonly Option<double> s_maxDrop = new("--max-drop")
    {
        Description = "Largest tolerated drop before a significant regression fails.", DefaultValueFactory = _ => 0,
    };
    private static readonly Option<double> s_alpha =
        new("--alpha") { Description = "Significance level (Holm-adjusted across scores).", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<string[]> s_score =
        new("--score") { Description = "Only check these scores for regressions (metric or metric:score; repeatable)." };
    private static readonly Option<bool> s_strict =
        new("--strict") { Description = "Fail when a regression check is inconclusive (too few items)." };
    private static readonly Option<FileInfo?> s_junit =
        new("--junit") { Description = "Write a JUnit XML file (one test case per check)." };
    private static readonly Option<string?> s_format = OutputFormat.Create("gate", ["table", "json", "markdown"]);
    private static readonly Option<FileInfo?> s_summary =
        new("--summary") { Description = "Write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("gate", "Fail a CI job when requirements are not met or the result regressed significantly.")
        {
            s_result, s_baseline, s_require, s_maxDrop, s_alpha, s_score, s_strict, s_junit, s_summary, s_format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            GateShellHint.ThrowIfShellAteOperator(parse.GetValue(s_require) ?? [], Directory.GetCurrentDirectory());
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var workspace = GlobalOptions.WorkspaceOf(parse);
            foreach (var name in new[] { parse.GetValue(s_result), parse.GetValue(s_baseline) }.OfType<string>())
            {
                await ResultLookup.RequireAsync(store, workspace, name, cancellationToken);
            }
            var gate = new GateRequest
            {
                Result = parse.GetValue(s_result)!,
                Baseline = parse.GetValue(s_baseline),
                Require = parse.GetValue(s_require) ?? [],
                MaxDrop = parse.GetValue(s_maxDrop),
                Alpha = parse.GetValue(s_alpha),
                Scores = parse.GetValue(s_score) ?? [],
                Strict = parse.GetValue(s_strict),
            };
            // Stored where it is evaluated, for reports: the server stores what is posted to it, a database here.
            var report = store switch
            {
                EvalstoreClient client => await client.GateAsync(workspace, gate, cancellationToken),
                IServerStore database => await GateRecords.EvaluateAndRecordAsync(
                    database, GlobalOptions.AnalysisOf(store), TimeProvider.System, workspace, gate, cancellationToken),
                _ => await GateEvaluator.EvaluateAsync(store, GlobalOptions.AnalysisOf(store), workspace, gate, cancellationToken),
            };
            if (parse.GetValue(s_junit) is { } junit)
            {
                await File.WriteAllTextAsync(junit.FullName, GateOutputs.JUnit(report), cancellationToken);
            }
            var markdown = GateOutputs.Markdown(report);
            if (parse.GetValue(s_summary) is { } summary)
            {
                await File.WriteAllTextAsync(summary.FullName, markdown, cancellationToken);
            }
            if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
            {
                await File.AppendAllTextAsync(stepSummary, markdown + Environment.NewLine, cancellationToken);
            }
            if (parse.GetValue(s_format) == "json")
            {
                Render.Json(console, report);
            }
            else if (parse.GetValue(s_format) == "markdown")
            {
                console.Data.Write(markdown);
            }
            else
            {
                // The first line says whether the build passes and, when it passes only for lack of evidence, that it does.
                console.Out.MarkupLine(Markup.Escape(report.Summary));
                var table = Render.Table("check", "status", "detail");
                foreach (var check in report.Checks)
                {
                    table.AddRow(new Text(check.Name), new Text(WireNames.Of(check.Status).ToUpperInvariant()), new Text(check.Message));
                }
                console.Out.Write(table);
            }
            return report.Passed ? ExitCodes.Success : ExitCodes.GateFailed;
        });
        return command;
    }
}
