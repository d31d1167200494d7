using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Core.Items;

/// <summary>What item analysis takes from one stored row: the score's value, the output and the item's texts.</summary>
/// <param name="Value">The score's value as a number (booleans 1/0, rubric labels their level); null when missing or NaN.</param>
/// <param name="Output">The sample's <c>output_text</c>, if any.</param>
/// <param name="Reference">The item's <c>reference</c> as text, if any.</param>
/// <param name="Input">The item's <c>input</c> as text (else the item's JSON), for display.</param>
public readonly record struct ItemRow(double? Value, string? Output, string? Reference, string? Input)
{
    /// <summary>Reads a row-scores line. <paramref name="levels"/> maps rubric labels of the score to their values.</summary>
    public static ItemRow Read(RowRecord row, string metric, string score, IReadOnlyList<RubricLevel>? levels, bool withItemTexts)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var document = row.Parse();
        var root = document.RootElement;
        string? output = root.TryGetProperty("sample", out var sample) && sample.ValueKind == JsonValueKind.Object
            && sample.TryGetProperty("output_text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        string? reference = null, input = null;
        if (root.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.Object)
        {
            reference = item.TryGetProperty("reference", out var r) ? Text(r) : null;
            if (withItemTexts)
            {
                input = item.TryGetProperty("input", out var i) ? Text(i) : item.GetRawText();
            }
        }
        return new ItemRow(ScoreOf(root, metric, score, levels), output, reference, input);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static double? ScoreOf(JsonElement root, string metric, string score, IReadOnlyList<RubricLevel>? levels)
    {
        if (!root.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object
            || !metrics.TryGetProperty(metric, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("name", out var name)
                || name.ValueKind != JsonValueKind.String || name.GetString() != score || !entry.TryGetProperty("value", out var value))
            {
                continue;
            }
            return value.ValueKind switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                JsonValueKind.Number when value.GetDouble() is var number && double.IsFinite(number) => number,
                JsonValueKind.String when levels?.FirstOrDefault(l => l.Label == value.GetString()) is { } level => level.Value,
                _ => null,
            };
        }
        return null;
    }
}
