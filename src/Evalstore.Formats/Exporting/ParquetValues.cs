using System.Text.Json;

namespace Evalstore.Formats.Exporting;

/// <summary>How JSON values become typed Parquet values; what does not fit a column's type is null there.</summary>
internal static class ParquetValues
{
    /// <summary>A number; a boolean as 1 or 0; NaN (or "NaN") and anything else as null.</summary>
    public static double? Double(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.GetDouble() is var d && double.IsFinite(d) => d,
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => null,
    };

    /// <summary>A boolean; a number as pass when not zero (how binary scores declared as 0 and 1 read); else null.</summary>
    public static bool? Boolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.GetDouble() is var d && double.IsFinite(d) => d != 0,
        _ => null,
    };

    /// <summary>A whole number (token counts), else null.</summary>
    public static long? Int64(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && double.IsFinite(d) && d == Math.Floor(d) ? (long)d
        : null;

    /// <summary>A string as itself, true and false as JSON writes them, a number as its JSON text, null as null.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>The first property of <paramref name="element"/> among <paramref name="names"/> that is present.</summary>
    public static JsonElement? Property(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }
        return null;
    }
}
