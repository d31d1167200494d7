using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evalstore.Core;
using Evalstore.Core.Ingest;

namespace Evalstore.Formats.LmEval;

/// <summary>One number of <c>results.&lt;task&gt;</c>: a metric under a filter (<c>acc,none</c>) with its stderr.</summary>
internal sealed record LmEvalMetric(string Metric, string Filter, JsonElement Value, JsonElement? StdErr)
{
    /// <summary>The key the harness writes, e.g. <c>acc,none</c>.</summary>
    public string Key => $"{Metric},{Filter}";

    /// <summary>The number, or null for "N/A" and other non-numbers.</summary>
    public static double? Number(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } number && double.IsFinite(number.GetDouble()) ? number.GetDouble() : null;
}

/// <summary>
/// An lm-evaluation-harness results file (<c>results_*.json</c>, however renamed): the model, the tasks with their
/// reported metrics, and per task its config, version, n-shot and metric directions.
/// </summary>
internal sealed partial class LmEvalRun
{
    private static readonly string[] s_runKeys = ["configs", "versions", "n-shot", "higher_is_better", "config", "group_subtasks"];

    private LmEvalRun(JsonElement root, string fileName)
    {
        Root = root;
        FileName = fileName;
        Timestamp = TimestampIn(fileName) ?? DateOf(Root) ?? Path.GetFileNameWithoutExtension(fileName);
        Model = ModelOf(Root);
        SanitizedModel = String(Root, "model_name_sanitized") ?? Model.Replace("/", "__", StringComparison.Ordinal);
    }

    public string FileName { get; }

    /// <summary>The whole results document (a detached copy: results files are small).</summary>
    public JsonElement Root { get; }

    /// <summary>The run's timestamp as the harness writes it in file names, e.g. <c>2024-06-17T12-20-26.826621</c>.</summary>
    public string Timestamp { get; }

    /// <summary>e.g. <c>meta-llama/Meta-Llama-3-8B</c>.</summary>
    public string Model { get; }

    /// <summary>e.g. <c>meta-llama__Meta-Llama-3-8B</c>.</summary>
    public string SanitizedModel { get; }

    public static LmEvalRun Read(string path, string fileName)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            // Python's json.dumps writes NaN bare; it becomes the string "NaN".
            using var document = JsonDocument.Parse(NonFiniteLiterals.Rewrite(bytes) ?? bytes, new JsonDocumentOptions { MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results)
                || results.ValueKind != JsonValueKind.Object
                || !s_runKeys.Any(key => root.TryGetProperty(key, out _))
                || results.EnumerateObject().Any(task => task.Value.ValueKind != JsonValueKind.Object))
            {
                throw EvalstoreException.BadRequest(
                    $"{fileName}: not an lm-eval results file (a 'results' object of tasks beside 'configs', 'versions' or 'n-shot').")
                    .With("file", fileName);
            }
            return new LmEvalRun(document.RootElement.Clone(), fileName);
        }
        catch (JsonException e)
        {
            throw EvalstoreException.BadRequest($"{fileName}: malformed JSON: {e.Message.Split(" Path:", 2)[0]}").With("file", fileName);
        }
    }

    /// <summary>Task (and group) names in the order of <c>results</c>.</summary>
    public IEnumerable<string> Tasks => Root.GetProperty("results").EnumerateObject().Select(p => p.Name);

    /// <summary>True for a group (listed under <c>groups</c>, or with subtasks in <c>group_subtasks</c>).</summary>
    public bool IsGroup(string task) =>
        (Root.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Object && groups.TryGetProperty(task, out _))
        || (Section("group_subtasks", task) is { ValueKind: JsonValueKind.Array } subtasks && subtasks.GetArrayLength() > 0);

    /// <summary>The reported metrics of a task, stderr entries paired with their metric; <c>alias</c> and others left out.</summary>
    public IReadOnlyList<LmEvalMetric> MetricsOf(string task)
    {
        var entries = Root.GetProperty("results").GetProperty(task);
        var metrics = new List<LmEvalMetric>();
        foreach (var entry in entries.EnumerateObject())
        {
            var comma = entry.Name.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || entry.Name[..comma].EndsWith("_stderr", StringComparison.Ordinal))
            {
                continue;
            }
            var (metric, filter) = (entry.Name[..comma], entry.Name[(comma + 1)..]);
            var stderr = entries.TryGetProperty($"{metric}_stderr,{filter}", out var s) ? s : (JsonElement?)null;
            metrics.Add(new LmEvalMetric(metric, filter, entry.Value, stderr));
        }
        return metrics;
    }

    /// <summary>A per-task member of a top-level section (<c>configs</c>, <c>versions</c>, <c>n-shot</c>, …).</summary>
    public JsonElement? Section(string section, string task) =>
        Root.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty(task, out var entry)
            ? entry : null;

    /// <summary><c>higher_is_better[task][metric]</c>, when given.</summary>
    public bool? HigherIsBetter(string task, string metric) =>
        Section("higher_is_better", task) is { ValueKind: JsonValueKind.Object } map && map.TryGetProperty(metric, out var flag)
            && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? flag.GetBoolean() : null;

    /// <summary>The aggregation a task's config names for a metric (<c>metric_list[].aggregation</c>), if any.</summary>
    public string? Aggregation(string task, string metric)
    {
        if (Section("configs", task) is not { ValueKind: JsonValueKind.Object } config
            || !config.TryGetProperty("metric_list", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var entry in list.EnumerateArray())
        {
            if (String(entry, "metric") == metric)
            {
                return entry.TryGetProperty("aggregation", out var aggregation) ? aggregation.ValueKind == JsonValueKind.String
                    ? aggregation.GetString() : "custom" : null;
            }
        }
        return null;
    }

    /// <summary>Dataset reference of a task: <c>dataset_path</c>, with <c>/dataset_name</c> when there is one.</summary>
    public string? Dataset(string task)
    {
        if (Section("configs", task) is not { ValueKind: JsonValueKind.Object } config || String(config, "dataset_path") is not { } path)
        {
            return null;
        }
        return String(config, "dataset_name") is { Length: > 0 } name ? $"{path}/{name}" : path;
    }

    /// <summary>A scalar of a per-task section as text (versions and n-shot are numbers or strings).</summary>
    public string? Scalar(string section, string task) => Section(section, task) switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static string ModelOf(JsonElement root)
    {
        if (String(root, "model_name") is { Length: > 0 } name)
        {
            return name;
        }
        var config = root.TryGetProperty("config", out var c) ? c : default;
        if (String(config, "model_args") is { } args && PretrainedPattern().Match(args) is { Success: true } match)
        {
            return match.Groups[1].Value;
        }
        return String(config, "model") ?? "unknown-model";
    }

    private static string? TimestampIn(string fileName) =>
        TimestampPattern().Match(fileName) is { Success: true } match ? match.Value : null;

    private static string? DateOf(JsonElement root) =>
        root.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(date.GetDouble() * 1000)).UtcDateTime.ToString(
                "yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)
            : null;

    /// <summary>When the run started (<c>date</c>, a Unix time), if known.</summary>
    public DateTimeOffset? StartedAt =>
        Root.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(date.GetDouble() * 1000)) : null;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(\.\d+)?")]
    public static partial Regex TimestampPattern();

    [GeneratedRegex("(?:^|,)pretrained=([^,]+)")]
    private static partial Regex PretrainedPattern();
}
