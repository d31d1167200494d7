using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.LmEval;

/// <summary>
/// Tasks and groups of a results file that have no samples file (a results-only file such as a 78-task suite, or the
/// groups above per-task samples): one benchmark result named <c>&lt;model&gt;_lm-eval_&lt;timestamp&gt;</c>, one row
/// per task with <c>{"task": name}</c> as the item (so the same task joins across models), each reported
/// <c>metric,filter</c> number as a score and its stderr, n-shot, version and subtasks in the sample. Its aggregates
/// are over tasks (a macro average), which suits comparing two models task by task; there is nothing per item to check.
/// </summary>
internal static class LmEvalReported
{
    public static PlannedResult Plan(LmEvalRun run, IReadOnlyList<string> tasks, bool besidePerTaskResults)
    {
        var declarations = new List<MetricDeclaration>();
        foreach (var task in tasks)
        {
            foreach (var metric in run.MetricsOf(task))
            {
                var key = ScoreKey(metric);
                if (declarations.All(d => d.Metric != key))
                {
                    declarations.Add(new MetricDeclaration { Metric = key, HigherIsBetter = run.HigherIsBetter(task, metric.Metric) });
                }
            }
        }
        var groups = tasks.Count(run.IsGroup);
        var spec = new RunSpec
        {
            Name = $"{run.SanitizedModel}_lm-eval_{run.Timestamp}",
            Kind = ResultKind.Benchmark,
            Benchmark = tasks.Count == 1 ? tasks[0] : "lm-eval",
            Model = run.Model,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["harness"] = "lm-eval",
                ["reported_only"] = "true",
                ["tasks"] = tasks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Config = RunConfig(run),
            Metrics = declarations,
            StartedAt = run.StartedAt,
        };
        var note =
            $"{tasks.Count} task(s) ({groups} group(s)) without a samples " +
            $"file{(besidePerTaskResults ? " beside the per-task results" : "")}: " +
                   "one row per task holding the numbers the harness reported; aggregates are over tasks, and there is nothing per item " +
                       "to check.";
        return new PlannedResult(spec, (progress, ct) => RowsAsync(run, tasks, declarations, progress, ct), [], [note])
        {
            ProgressTotal = tasks.Count,
        };
    }

    /// <summary>A task's configuration as stored on its result: the task config, the run config and the per-task facts.</summary>
    public static JsonElement TaskConfig(LmEvalRun run, string task) => Build(writer =>
    {
        Copy(writer, "task_config", run.Section("configs", task));
        Copy(writer, "config", run.Root.TryGetProperty("config", out var config) ? config : null);
        Copy(writer, "version", run.Section("versions", task));
        Copy(writer, "n_shot", run.Section("n-shot", task));
        Copy(writer, "n_samples", run.Section("n-samples", task));
        Copy(writer, "higher_is_better", run.Section("higher_is_better", task));
        CopyRunFacts(writer, run);
    });

    private static JsonElement RunConfig(LmEvalRun run) => Build(writer =>
    {
        Copy(writer, "config", run.Root.TryGetProperty("config", out var config) ? config : null);
        Copy(writer, "group_subtasks", run.Root.TryGetProperty("group_subtasks", out var subtasks) ? subtasks : null);
        CopyRunFacts(writer, run);
    });

    private static async IAsyncEnumerable<IngestRow> RowsAsync(
        LmEvalRun run, IReadOnlyList<string> tasks, IReadOnlyList<MetricDeclaration> declarations,
        IProgress<long>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var rows = new IngestLineWriter(new RowParser(declarations));
        for (var i = 0; i < tasks.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var task = tasks[i];
            var metrics = run.MetricsOf(task);
            var writer = rows.Begin(i, 0);
            writer.WriteStartObject("item"u8);
            writer.WriteString("task"u8, task);
            writer.WriteEndObject();
            writer.WriteStartObject("sample"u8);
            writer.WriteString("alias"u8, LmEvalRun.String(run.Root.GetProperty("results").GetProperty(task), "alias") ?? task);
            writer.WriteBoolean("group"u8, run.IsGroup(task));
            Copy(writer, "subtasks", run.Section("group_subtasks", task));
            Copy(writer, "n_shot", run.Section("n-shot", task));
            Copy(writer, "version", run.Section("versions", task));
            Copy(writer, "n_samples", run.Section("n-samples", task));
            writer.WriteStartObject("stderr"u8);
            foreach (var metric in metrics.Where(m => m.StdErr is not null))
            {
                writer.WritePropertyName(ScoreKey(metric));
                metric.StdErr!.Value.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("metrics"u8);
            foreach (var metric in metrics)
            {
                writer.WriteStartArray(ScoreKey(metric));
                ScoreWriting.Score(writer, ScoreKey(metric), w => ScoreWriting.HarnessValue(w, metric.Value));
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            yield return rows.Finish(i + 1);
            progress?.Report(i + 1);
            await Task.Yield();
        }
    }

    /// <summary><c>acc</c> under the default filter, <c>exact_match,strict-match</c> under any other.</summary>
    private static string ScoreKey(LmEvalMetric metric) => metric.Filter == "none" ? metric.Metric : metric.Key;

    private static void CopyRunFacts(Utf8JsonWriter writer, LmEvalRun run)
    {
        foreach (var name in new[] { "git_hash", "date", "lm_eval_version", "transformers_version", "total_evaluation_time_seconds",
            "model_source" })
        {
            Copy(writer, name, run.Root.TryGetProperty(name, out var value) ? value : null);
        }
    }

    private static void Copy(Utf8JsonWriter writer, string name, JsonElement? value)
    {
        if (value is { } present)
        {
            writer.WritePropertyName(name);
            present.WriteTo(writer);
        }
    }

    private static JsonElement Build(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
