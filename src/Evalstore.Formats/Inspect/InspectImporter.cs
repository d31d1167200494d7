using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.Inspect;

/// <summary>
/// inspect_ai: one evaluation result per log, named <c>&lt;model&gt;_&lt;task&gt;_&lt;created&gt;</c>; epochs are trials,
/// each scorer a metric; <c>results.scores[].metrics</c> accuracy / mean and stderr are checked against ours.
/// </summary>
internal sealed class InspectImporter : IHarnessImporter
{
    public async Task<IReadOnlyList<PlannedResult>> PlanAsync(
        ImportSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        var log = await InspectLog.OpenAsync(source.Path, source.Name, cancellationToken);
        var header = log.Header;
        var eval = header.GetProperty("eval");
        var task = Text(eval, "task") ?? "task";
        var model = Text(eval, "model") ?? "unknown-model";
        var created = Text(eval, "created") ?? "";
        var status = Text(header, "status") ?? "unknown";
        var labels =
            new Dictionary<string, string>(StringComparer.Ordinal) { ["harness"] = "inspect", ["task"] = task, ["status"] = status };
        AddLabel(labels, "eval_id", Text(eval, "eval_id"));
        AddLabel(labels, "run_id", Text(eval, "run_id"));
        AddLabel(labels, "eval_set_id", Text(eval, "eval_set_id"));
        AddLabel(labels, "inspect_version", eval.TryGetProperty("packages", out var packages) ? Text(packages, "inspect_ai") : null);
        var config = eval.TryGetProperty("config", out var c) ? c : default;
        var epochs =
            config.ValueKind == JsonValueKind.Object && config.TryGetProperty("epochs", out var e) && e.TryGetInt32(out var n) ? n : 1;
        labels["epochs"] = epochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var reducers = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("epochs_reducer", out var r)
            && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.ToString()).ToList() : ["mean"];
        var notes = new List<string>();
        if (status != "success")
        {
            notes.Add($"the log's status is '{status}': {log.SampleCount} sample(s) present are imported.");
        }
        var spec = new RunSpec
        {
            Name = $"{model.Replace("/", "__", StringComparison.Ordinal)}_{task}_{created.Replace(':', '-')}",
            Kind = ResultKind.Evaluation,
            Evaluation = task,
            Model = model,
            Dataset = eval.TryGetProperty("dataset", out var dataset) ? Text(dataset, "name") ?? Text(dataset, "location") : null,
            Labels = labels,
            Config = RunConfig(header),
            StartedAt = header.TryGetProperty("stats", out var stats) && Text(stats, "started_at") is { } started
                && DateTimeOffset.TryParse(started, System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : null,
        };
        var rowIndexes = RowIndexes(log, eval);
        return
        [
            new PlannedResult(spec, (progress, ct) => RowsAsync(log, rowIndexes, progress, ct), Expectations(header, reducers), notes)
            {
                ProgressTotal = log.IsZip ? log.SampleCount : new FileInfo(log.Path).Length,
            },
        ];
    }

    // Row index of each sample id: its place in the dataset's sample_ids when the log lists them, else the order of
    // the .eval's entries sorted by id, else (a .json log without ids) the order samples appear in.
    private static Dictionary<string, long> RowIndexes(InspectLog log, JsonElement eval)
    {
        IEnumerable<string> ids = eval.TryGetProperty("dataset", out var dataset) && dataset.TryGetProperty("sample_ids", out var listed)
                                  && listed.ValueKind == JsonValueKind.Array
            ? listed.EnumerateArray().Select(InspectSampleMapper.IdText)
            : log.IsZip ? log.ZipSampleIds() : [];
        var indexes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            indexes.TryAdd(id, indexes.Count);
        }
        return indexes;
    }

    private static async IAsyncEnumerable<IngestRow> RowsAsync(InspectLog log, IReadOnlyDictionary<string, long> rowIndexes,
        IProgress<long>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var rows = new IngestLineWriter(new RowParser());
        var mapper = new InspectSampleMapper(rowIndexes);
        long number = 0;
        await foreach (var (sample, entry) in log.SamplesAsync(progress, cancellationToken))
        {
            number++;
            IngestRow row;
            try
            {
                row = mapper.Map(sample.RootElement, rows, number);
            }
            catch (Core.EvalstoreException ex)
            {
                throw Core.EvalstoreException.BadRequest($"{log.Name}: {entry}: {ex.Detail}").With("file", log.Name).With("entry", entry);
            }
            yield return row;
        }
    }

    private static List<HarnessExpectation> Expectations(JsonElement header, IReadOnlyList<string> reducers)
    {
        var expectations = new List<HarnessExpectation>();
        if (!header.TryGetProperty("results", out var results) || !results.TryGetProperty("scores", out var scores)
            || scores.ValueKind != JsonValueKind.Array)
        {
            return expectations;
        }
        var notMean = reducers.Any(r => r != "mean") ? $"epochs reduced by {string.Join(", ", reducers)}, not a mean" : null;
        foreach (var score in scores.EnumerateArray())
        {
            var name = Text(score, "name") ?? "";
            var scorer = Text(score, "scorer") ?? name;
            if (!score.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var metric in metrics.EnumerateObject())
            {
                var value = metric.Value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble()
                    : (double?)null;
                var source = $"results.scores[{name}].metrics.{metric.Name}";
                var statistic = metric.Name switch { "accuracy" or "mean" => "mean", "stderr" => "std_err", _ => null };
                expectations.Add(statistic is null
                    ? new(scorer, name, metric.Name, source, value, $"inspect metric '{metric.Name}' has no stored counterpart")
                    : new(scorer, name, statistic, source, value, notMean));
            }
        }
        return expectations;
    }

    private static JsonElement RunConfig(JsonElement header)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var eval = header.GetProperty("eval");
            foreach (var name in new[] { "config", "task_args", "model_args", "model_generate_config", "scorers", "revision", "packages",
                "task_version" })
            {
                if (eval.TryGetProperty(name, out var value))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }
            if (header.TryGetProperty("plan", out var plan))
            {
                writer.WritePropertyName("plan");
                plan.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static void AddLabel(Dictionary<string, string> labels, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            labels[key] = value;
        }
    }
}
