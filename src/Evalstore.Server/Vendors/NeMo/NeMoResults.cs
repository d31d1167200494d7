using System.Text.Json.Nodes;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// Maps a result to NeMo's <c>MetricJobResult</c> and <c>BenchmarkJobResult</c>. <c>id</c> and <c>entity_id</c> are the
/// result's UUID; <c>parent</c> is the job it came from, <c>{workspace}/{name}</c>, since a result shares its job's name.
/// Metric keys become references in NeMo's <c>workspace/name</c> form (a key that already has a <c>/</c> is kept).
/// </summary>
internal static class NeMoResults
{
    public static JsonObject MetricJobResult(ResultInfo result, IReadOnlySet<string>? fields)
    {
        var json = Entity(result);
        json["scores"] = Scores(result, fields);
        Put(json, "metric", result.Metric);
        AddReferences(json, result);
        return json;
    }

    public static JsonObject BenchmarkJobResult(ResultInfo result, IReadOnlySet<string>? fields)
    {
        var json = Entity(result);
        var perMetric = PerMetric(result, fields);
        Put(json, "benchmark", result.Benchmark ?? "");
        json["metrics"] = new JsonArray(perMetric.Select(m => (JsonNode)JsonValue.Create(m["metric"]!.GetValue<string>())).ToArray());
        json["results"] = new JsonArray(perMetric.Select(m => (JsonNode)m).ToArray());
        AddReferences(json, result);
        return json;
    }

    /// <summary><c>AggregatedMetricResult</c>: every field of every score.</summary>
    public static JsonObject AggregatedMetricResult(ResultInfo result)
        => new() { ["scores"] = Scores(result, null) };

    /// <summary><c>BenchmarkEvaluationResult</c>: one entry per metric with every field of its scores.</summary>
    public static JsonObject BenchmarkEvaluationResult(ResultInfo result) =>
        new() { ["results"] = new JsonArray(PerMetric(result, null).Select(m => (JsonNode)m).ToArray()) };

    /// <summary>A metric key as a NeMo reference.</summary>
    public static string MetricReference(string workspace, string metricKey)
        => metricKey.Contains('/', StringComparison.Ordinal) ? metricKey : $"{workspace}/{metricKey}";

    private static JsonArray Scores(ResultInfo result, IReadOnlySet<string>? fields)
    {
        // Score names are unique within a metric result unless it holds several metric keys with the same score name.
        var duplicated =
            result.Scores.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return new JsonArray(result.Scores
            .Select(s => (JsonNode)NeMoAggregates.ToJson(
                s, duplicated.Contains(s.Name) ? $"{s.Metric}.{s.Name}" : s.Name, fields)).ToArray());
    }

    private static List<JsonObject> PerMetric(ResultInfo result, IReadOnlySet<string>? fields) =>
        result.Scores.GroupBy(s => s.Metric, StringComparer.Ordinal).Select(metric =>
        {
            var reference = MetricReference(result.Workspace, metric.Key);
            return new JsonObject
            {
                ["metric"] = reference,
                ["scores"] = new JsonArray(
                    metric.Select(s => (JsonNode)NeMoAggregates.ToJson(s, WithoutPrefix(s.Name, metric.Key, reference), fields)).ToArray()),
            };
        }).ToList();

    // NeMo strips "{metric_ref}." from benchmark score names ("default/exact-match.score" becomes "score").
    private static string WithoutPrefix(string name, string metricKey, string reference) =>
        name.StartsWith(reference + ".", StringComparison.Ordinal) ? name[(reference.Length + 1)..]
        : name.StartsWith(metricKey + ".", StringComparison.Ordinal) ? name[(metricKey.Length + 1)..]
        : name;

    private static JsonObject Entity(ResultInfo result)
    {
        var json = new JsonObject
        {
            ["id"] = result.Id.ToString(),
            ["entity_id"] = result.Id.ToString(),
            ["parent"] = $"{result.Workspace}/{result.Name}",
            ["workspace"] = result.Workspace,
            ["name"] = result.Name,
            ["project"] = result.Project,
            ["created_at"] = NeMoJson.Time(result.CreatedAt),
            ["updated_at"] = NeMoJson.Time(result.UpdatedAt),
        };
        Put(json, "created_by", result.CreatedBy);
        Put(json, "updated_by", result.CreatedBy);
        return json;
    }

    private static void AddReferences(JsonObject json, ResultInfo result)
    {
        Put(json, "dataset", result.Dataset);
        Put(json, "model", result.Model);
        var labels = new JsonObject();
        foreach (var (key, value) in result.Labels)
        {
            labels[key] = value;
        }
        json["labels"] = labels;
    }

    private static void Put(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
