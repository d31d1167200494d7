using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Evalstore.Client.AI;

/// <summary>One scenario run that the <c>aieval</c> disk result store kept: which execution, scenario and iteration it was,
/// the conversation, the response and the evaluation.</summary>
public sealed record ScenarioRun(
    string Execution,
    string Scenario,
    string Iteration,
    DateTime CreationTime,
    IReadOnlyList<ChatMessage> Messages,
    ChatResponse Response,
    EvaluationResult Result,
    IReadOnlyList<string> Tags);

/// <summary>
/// Reads the on-disk result store of Microsoft.Extensions.AI.Evaluation.Reporting (what <c>aieval report</c> reads):
/// <c>&lt;storage root&gt;/results/&lt;execution&gt;/&lt;scenario&gt;/&lt;iteration&gt;.json</c>, each file one
/// <c>ScenarioRunResult</c> in camelCase JSON (<c>scenarioName</c>, <c>iterationName</c>, <c>executionName</c>,
/// <c>creationTime</c>, <c>messages</c>, <c>modelResponse</c>, <c>evaluationResult.metrics</c> with <c>$type</c>
/// numeric|boolean|string|none, <c>tags</c>). It is read without the Reporting package, which this SDK does not need.
/// </summary>
public static class AiEvalResultStore
{
    /// <summary>The <c>results</c> directory of a storage root, or the path itself when it is that directory; null when neither holds
    /// <c>execution/scenario/iteration.json</c> files.</summary>
    public static string? ResultsDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var candidate in new[] { Path.Combine(path, "results"), path })
        {
            if (Directory.Exists(candidate)
                && Directory.EnumerateDirectories(candidate).SelectMany(Directory.EnumerateDirectories)
                    .Any(scenario => Directory.EnumerateFiles(scenario, "*.json").Any(IsScenarioRunFile)))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The execution names in the store, oldest first.</summary>
    public static IReadOnlyList<string> Executions(string resultsDirectory) =>
        [.. new DirectoryInfo(resultsDirectory).EnumerateDirectories()
            .OrderBy(d => d.CreationTimeUtc).ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => d.Name)];

    /// <summary>Every scenario run of one execution, by scenario name, then iteration (numbers in numeric order).</summary>
    public static IEnumerable<ScenarioRun> Read(string resultsDirectory, string execution)
    {
        var executionDirectory = new DirectoryInfo(Path.Combine(resultsDirectory, execution));
        foreach (var scenario in executionDirectory.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            foreach (var file in scenario.EnumerateFiles("*.json")
                .OrderBy(f => IterationOrder(f.Name)).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                yield return ReadFile(file.FullName);
            }
        }
    }

    /// <summary>Reads one <c>&lt;iteration&gt;.json</c> file.</summary>
    public static ScenarioRun ReadFile(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var json = AIJsonUtilities.DefaultOptions;
            var messages = root.GetProperty("messages").Deserialize<List<ChatMessage>>(json) ?? [];
            var response = root.GetProperty("modelResponse").Deserialize<ChatResponse>(json) ?? new ChatResponse();
            var metrics = root.GetProperty("evaluationResult").GetProperty("metrics").EnumerateObject()
                .Select(m => Metric(m.Name, m.Value)).ToList();
            return new ScenarioRun(
                Text(root, "executionName") ?? Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!,
                Text(root, "scenarioName") ?? Path.GetFileName(Path.GetDirectoryName(path))!,
                Text(root, "iterationName") ?? Path.GetFileNameWithoutExtension(path),
                root.TryGetProperty("creationTime", out var created) && created.TryGetDateTime(out var time)
                    ? time
                    : File.GetLastWriteTimeUtc(path),
                messages,
                response,
                new EvaluationResult(metrics),
                root.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                    ? [.. tags.EnumerateArray().Select(t => t.GetString() ?? "")]
                    : []);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a scenario run result of the aieval result store: {e.Message}", e);
        }
    }

    private static EvaluationMetric Metric(string key, JsonElement json)
    {
        var name = Text(json, "name") ?? key;
        var reason = Text(json, "reason");
        var value = json.TryGetProperty("value", out var v) ? v : default;
        EvaluationMetric metric = Text(json, "$type") switch
        {
            "numeric" => new NumericMetric(name, value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null, reason),
            "boolean" => new BooleanMetric(name,
                value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null, reason),
            "string" => new StringMetric(name, value.ValueKind == JsonValueKind.String ? value.GetString() : null, reason),
            _ => new EvaluationMetric(name, reason),
        };
        if (json.TryGetProperty("interpretation", out var interpretation) && interpretation.ValueKind == JsonValueKind.Object)
        {
            metric.Interpretation = new EvaluationMetricInterpretation(
                Enum.TryParse<EvaluationRating>(Text(interpretation, "rating"), ignoreCase: true, out var rating)
                    ? rating
                    : EvaluationRating.Unknown,
                interpretation.TryGetProperty("failed", out var failed) && failed.ValueKind == JsonValueKind.True,
                Text(interpretation, "reason"));
        }
        if (json.TryGetProperty("diagnostics", out var diagnostics) && diagnostics.ValueKind == JsonValueKind.Array)
        {
            foreach (var diagnostic in diagnostics.EnumerateArray())
            {
                metric.AddDiagnostics(new EvaluationDiagnostic(
                    Enum.TryParse<EvaluationDiagnosticSeverity>(Text(diagnostic, "severity"), ignoreCase: true, out var severity)
                        ? severity
                        : EvaluationDiagnosticSeverity.Informational,
                    Text(diagnostic, "message") ?? ""));
            }
        }
        if (json.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in metadata.EnumerateObject())
            {
                metric.AddOrUpdateMetadata(entry.Name,
                    entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText());
            }
        }
        return metric;
    }

    private static bool IsScenarioRunFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var prefix = new byte[4096];
            var length = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.UTF8.GetString(prefix, 0, length);
            return text.Contains("\"scenarioName\"", StringComparison.Ordinal)
                && text.Contains("\"iterationName\"", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Iterations are usually numbered ("1", "2", … "10"): order those by number, others after them by name.
    private static long IterationOrder(string fileName) =>
        long.TryParse(Path.GetFileNameWithoutExtension(fileName), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : long.MaxValue;

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
