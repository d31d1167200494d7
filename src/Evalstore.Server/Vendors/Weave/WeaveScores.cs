using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Maps between Weave's <c>scores</c> (<c>{scorer_key: value}</c>, values possibly nested dicts) and Evalstore's
/// row <c>metrics</c> (<c>{metric: [{name, value}]}</c>). A plain value is a metric with one score of the same name;
/// a dict is one metric whose scores are its leaves, named by their dot-joined path, so
/// <c>similarity: {score: 0.93}</c> ↔ metric <c>similarity</c> with score <c>score</c>.
/// </summary>
internal static class WeaveScores
{
    /// <summary>Writes Weave scores for a stored row's metrics (the reverse of <see cref="WriteMetrics"/>).</summary>
    public static void WriteFromMetrics(JsonElement metrics, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in metrics.EnumerateObject())
            {
                var scores = metric.Value.EnumerateArray().ToList();
                writer.WritePropertyName(metric.Name);
                if (scores.Count == 1 && scores[0].GetProperty("name").ValueEquals(metric.Name))
                {
                    WriteValue(scores[0].GetProperty("value"), writer);
                    continue;
                }
                writer.WriteStartObject();
                foreach (var score in scores)
                {
                    writer.WritePropertyName(score.GetProperty("name").GetString()!);
                    WriteValue(score.GetProperty("value"), writer);
                }
                writer.WriteEndObject();
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a row's <c>metrics</c> for Weave scores: scalar leaves only (lists have no metric form).</summary>
    public static void WriteMetrics(IEnumerable<(string ScorerKey, JsonElement Value)> scores, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in scores)
        {
            var leaves = new List<(string Name, JsonElement Value)>();
            if (value.ValueKind == JsonValueKind.Object)
            {
                CollectLeaves(value, "", leaves);
            }
            else if (IsScalar(value))
            {
                leaves.Add((key, value));
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            leaves.RemoveAll(leaf => !seen.Add(leaf.Name));
            if (leaves.Count == 0)
            {
                continue;
            }
            writer.WriteStartArray(key);
            foreach (var (name, leaf) in leaves)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WritePropertyName("value");
                WriteMetricValue(leaf, writer);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void CollectLeaves(JsonElement value, string path, List<(string, JsonElement)> leaves)
    {
        foreach (var member in value.EnumerateObject())
        {
            var name = path.Length == 0 ? member.Name : path + "." + member.Name;
            if (member.Value.ValueKind == JsonValueKind.Object)
            {
                CollectLeaves(member.Value, name, leaves);
            }
            else if (IsScalar(member.Value))
            {
                leaves.Add((name, member.Value));
            }
        }
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.Number or JsonValueKind.String
        or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    // Evalstore rejects infinite scores; Weave may hold "inf" as text. It becomes a missing (NaN) metric value; the
    // original stays in the row's "weave" extension.
    private static void WriteMetricValue(JsonElement value, Utf8JsonWriter writer)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is "Infinity" or "-Infinity" or "inf" or "-inf")
        {
            writer.WriteNullValue();
            return;
        }
        value.WriteTo(writer);
    }

    // NaN written as the string "NaN" is a missing value: Weave shows it as null.
    private static void WriteValue(JsonElement value, Utf8JsonWriter writer)
    {
        if (value.ValueKind == JsonValueKind.String && value.ValueEquals("NaN"))
        {
            writer.WriteNullValue();
            return;
        }
        value.WriteTo(writer);
    }
}
