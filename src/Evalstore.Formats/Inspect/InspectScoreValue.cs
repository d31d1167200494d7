using System.Globalization;
using System.Text.Json;

namespace Evalstore.Formats.Inspect;

/// <summary>inspect_ai's <c>value_to_float</c>: how a score value becomes a number.</summary>
internal static class InspectScoreValue
{
    public static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBooleanValue(value.GetBoolean());
                return;
            case JsonValueKind.Number when double.IsFinite(value.GetDouble()):
                value.WriteTo(writer);
                return;
            case JsonValueKind.String:
                WriteText(writer, value.GetString()!);
                return;
            default:
                // Lists and nulls have no number in inspect either.
                writer.WriteNullValue();
                return;
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        switch (text)
        {
            case "C":
                writer.WriteBooleanValue(true);
                return;
            case "I":
                writer.WriteBooleanValue(false);
                return;
            case "P":
                writer.WriteNumberValue(0.5);
                return;
            case "N":
                writer.WriteNumberValue(0);
                return;
        }
        var lower = text.ToLowerInvariant();
        if (lower is "yes" or "true")
        {
            writer.WriteNumberValue(1);
        }
        else if (lower is "no" or "false")
        {
            writer.WriteNumberValue(0);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            // inspect maps anything else to 0 with a warning; keeping the text loses nothing and is counted apart.
            writer.WriteStringValue(text);
        }
    }
}
