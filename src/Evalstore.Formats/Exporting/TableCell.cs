using System.Globalization;
using System.Text.Json;

namespace Evalstore.Formats.Exporting;

/// <summary>What a table cell holds.</summary>
internal enum CellKind : byte
{
    Empty,
    Number,
    Boolean,
    Text,
}

/// <summary>
/// One cell of an exported table, typed so that XLSX gets numeric and boolean cells. Numbers keep their JSON text
/// (<c>0.0</c> stays <c>0.0</c> in CSV), booleans are written as pandas writes them (<c>True</c>/<c>False</c>), nested
/// values as compact JSON, and nulls as empty cells.
/// </summary>
internal readonly record struct TableCell(CellKind Kind, double Number, string? Text)
{
    public static readonly TableCell Empty = default;

    public static TableCell Of(string? text) => text is null ? Empty : new(CellKind.Text, 0, text);

    public static TableCell Of(double number) => new(CellKind.Number, number, number.ToString("R", CultureInfo.InvariantCulture));

    public static TableCell Of(long number) => new(CellKind.Number, number, number.ToString(CultureInfo.InvariantCulture));

    public static TableCell Of(bool value) => new(CellKind.Boolean, value ? 1 : 0, value ? "True" : "False");

    public static TableCell Of(double? number) => number is { } n ? Of(n) : Empty;

    public static TableCell FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new(CellKind.Text, 0, value.GetString()),
        JsonValueKind.Number => new(CellKind.Number, value.GetDouble(), value.GetRawText()),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.Object or JsonValueKind.Array => new(CellKind.Text, 0, value.GetRawText()),
        _ => Empty,
    };

    /// <summary>
    /// The CSV text of the cell. Text that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
    /// return) gets a leading apostrophe, as OWASP recommends against CSV injection; a number stays a number, text that is
    /// only a number included.
    /// </summary>
    public string Csv => Kind == CellKind.Text && Text is { Length: > 0 } text && IsFormulaLike(text) ? "'" + text : Text ?? "";

    private static bool IsFormulaLike(string text) =>
        text[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
