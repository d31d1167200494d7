using Evalstore.Client.AI;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Formats.Importing;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore import DIR</c> where DIR is the disk result store of Microsoft.Extensions.AI.Evaluation (the storage root
/// that <c>aieval report</c> reads, or its <c>results</c> directory): each execution becomes one completed result named
/// after it, each scenario an item (with the conversation) and its iterations trials, through the same mapping as the
/// Evalstore.Client.AI SDK. The rows are made on this side, so it works the same on a file, PostgreSQL or a server.
/// </summary>
internal static class AiEvalImport
{
    public const string Format = "aieval";

    /// <summary>True when the import is one directory holding an aieval result store.</summary>
    public static bool Claims(IReadOnlyList<string> paths) =>
        paths.Count == 1 && Directory.Exists(paths[0]) && AiEvalResultStore.ResultsDirectory(paths[0]) is not null;

    public static async Task<ImportReport> ImportAsync(IEvalStore store, string workspace, string path, ImportOptions options,
        CancellationToken cancellationToken)
    {
        var results = AiEvalResultStore.ResultsDirectory(path)!;
        var executions = AiEvalResultStore.Executions(results);
        var overrides = options.Overrides ?? new RunSpec { Name = "" };
        if (!string.IsNullOrEmpty(overrides.Name) && executions.Count != 1)
        {
            throw EvalstoreException.BadRequest(
                $"--name names one result, but {path} holds {executions.Count} executions ({string.Join(", ", executions.Take(5))}); " +
                "leave it out to name each result after its execution.");
        }
        var runs = executions.Select(execution => Plan(results, execution, overrides)).ToList();
        var replaced = new List<string>();
        foreach (var (_, run) in runs)
        {
            if (await store.GetResultAsync(workspace, run.Spec.Name, cancellationToken) is not { } earlier)
            {
                continue;
            }
            if (!options.Replace)
            {
                throw EvalstoreException.Conflict(
                    $"A result named '{earlier.Name}' exists already (imported before?); " +
                    "pass --replace to delete it and import the execution again.");
            }
            await store.DeleteResultAsync(workspace, earlier.Id, cancellationToken);
            replaced.Add(earlier.Name);
        }
        var imported = new List<ImportedResult>();
        foreach (var (execution, run) in runs)
        {
            var spec = RunSpecRules.Normalize(run.Spec);
            var parser = new RowParser(spec.Metrics);
            var rows = run.Lines().Select((line, i) => parser.Parse(line, i + 1)).ToAsyncEnumerable();
            var result = await store.ImportResultAsync(workspace, spec, rows, cancellationToken);
            imported.Add(new ImportedResult
            {
                File = Path.Combine(Path.GetFileName(results), execution),
                Format = Format,
                Result = result,
                Notes = [$"{run.Count} scenario run(s) of execution '{execution}'"],
            });
        }
        return new ImportReport { Results = imported, Replaced = replaced };
    }

    private static (string Execution, EvaluationRun Run) Plan(string results, string execution, RunSpec overrides)
    {
        var scenarioRuns = AiEvalResultStore.Read(results, execution).ToList();
        var labels = new Dictionary<string, string>(overrides.Labels ?? new Dictionary<string, string>())
        {
            ["source_format"] = Format,
            ["aieval_execution"] = execution,
        };
        var tags = scenarioRuns.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            labels.TryAdd("aieval_tags", string.Join(",", tags));
        }
        var run = new EvaluationRun(overrides with
        {
            Name = string.IsNullOrEmpty(overrides.Name) ? execution : overrides.Name,
            Kind = overrides.Kind ?? ResultKind.Evaluation,
            Model = overrides.Model ?? scenarioRuns.Select(r => r.Response.ModelId).FirstOrDefault(m => !string.IsNullOrEmpty(m)),
            Labels = labels,
            StartedAt = overrides.StartedAt
                ?? (scenarioRuns.Count > 0 ? new DateTimeOffset(scenarioRuns.Min(r => r.CreationTime).ToUniversalTime()) : null),
        });
        foreach (var scenarioRun in scenarioRuns)
        {
            run.Add(scenarioRun.Messages, scenarioRun.Response, scenarioRun.Result, scenarioRun.Scenario,
                labels: new Dictionary<string, string>
                {
                    ["aieval.execution"] = scenarioRun.Execution,
                    ["aieval.scenario"] = scenarioRun.Scenario,
                    ["aieval.iteration"] = scenarioRun.Iteration,
                });
        }
        return (execution, run);
    }
}
