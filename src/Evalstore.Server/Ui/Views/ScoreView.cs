using System.Globalization;
using System.Text.Json;
using Evalstore.Server.Ui.Shared;

namespace Evalstore.Server.Ui.Views;

/// <summary>One score of a row as ingested: metric, name, value (number, boolean, label or NaN), reasoning and error.</summary>
public sealed record ScoreView(string Metric, string Name, JsonElement Value, string? Reasoning, string? Error)
{
    /// <summary>The value as shown in tables.</summary>
    public string Display => Value.ValueKind switch
    {
        JsonValueKind.Number => Fmt.Num(Value.GetDouble()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => Value.GetString() is "NaN" or "nan" ? "NaN" : Value.GetString()!,
        _ => "NaN",
    };

    /// <summary>The value as a number (booleans are 1 and 0), or null for labels and NaN.</summary>
    public double? Number => Value.ValueKind switch
    {
        JsonValueKind.Number => Value.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => null,
    };

    /// <summary>A CSS hint: failing booleans and zeros stand out, passing ones read as fine.</summary>
    public string Tone => Value.ValueKind switch
    {
        JsonValueKind.True => "val-good",
        JsonValueKind.False => "val-bad",
        JsonValueKind.Null => "val-nan",
        JsonValueKind.String when Display == "NaN" => "val-nan",
        _ => "",
    };

    /// <summary>Reads a row's <c>metrics</c> object: metric → list of scores.</summary>
    public static IReadOnlyList<ScoreView> ReadAll(JsonElement metrics)
    {
        var scores = new List<ScoreView>();
        if (metrics.ValueKind != JsonValueKind.Object)
        {
            return scores;
        }
        foreach (var metric in metrics.EnumerateObject())
        {
            var entries = metric.Value.ValueKind == JsonValueKind.Array ? metric.Value.EnumerateArray().ToList() : [metric.Value];
            foreach (var entry in entries)
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    scores.Add(new ScoreView(metric.Name, metric.Name, entry.Clone(), null, null));
                    continue;
                }
                scores.Add(new ScoreView(
                    metric.Name,
                    Text(entry, "name") ?? metric.Name,
                    entry.TryGetProperty("value", out var value) ? value.Clone() : default,
                    Text(entry, "reasoning"),
                    Text(entry, "error")));
            }
        }
        return scores;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
            _ => value.GetRawText(),
        } : null;
}
