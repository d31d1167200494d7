using System.Text.Json;

namespace Evalstore.Server.Ui.Views;

/// <summary>
/// The main text of an item or an output, whatever harness wrote it: the first of the usual field names
/// (<c>input</c>, <c>question</c>, <c>output_text</c>, <c>response</c>…), else the first text field.
/// </summary>
internal static class RowTexts
{
    private static readonly string[] s_inputKeys = ["input", "question", "prompt", "query", "problem", "text", "messages"];
    private static readonly string[] s_outputKeys = ["output_text", "output", "response", "completion", "answer", "text", "content"];

    /// <summary>The item's main text, else its JSON.</summary>
    public static string Input(JsonElement item) => MainText(item, s_inputKeys) ?? Raw(item);

    /// <summary>The output's main text, or null when it has none.</summary>
    public static string? Output(JsonElement sample) => MainText(sample, s_outputKeys);

    /// <summary>The output's main text, else its JSON.</summary>
    public static string OutputPreview(JsonElement sample) => Output(sample) ?? Raw(sample);

    private static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "" : value.GetRawText();

    private static string? MainText(JsonElement value, string[] keys)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var key in keys)
        {
            if (value.TryGetProperty(key, out var field) && field.ValueKind == JsonValueKind.String)
            {
                return field.GetString();
            }
        }
        return value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(
            p => p.Value.GetString()).FirstOrDefault();
    }
}
