using System.Globalization;
using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>What a value is, for comparisons and sort order (nulls always sort last).</summary>
internal enum QueryKind
{
    Number,
    String,
    Bool,
    Json,
    Null,
}

/// <summary>
/// A value read from a trial or written as a literal, detached from any JSON document so that it can be kept per row
/// digest after the trial is gone. Objects and lists keep their JSON text.
/// </summary>
internal readonly record struct QueryValue(QueryKind Kind, double Number = 0, string? Text = null)
{
    public static readonly QueryValue Null = new(QueryKind.Null);

    public bool IsNull => Kind == QueryKind.Null;

    public static QueryValue Of(double number) => new(QueryKind.Number, number);

    public static QueryValue Of(string text) => new(QueryKind.String, Text: text);

    public static QueryValue Of(bool flag) => new(QueryKind.Bool, flag ? 1 : 0);

    public static QueryValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => Of(element.GetDouble()),
        JsonValueKind.String => Of(element.GetString()!),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.Object or JsonValueKind.Array => new(QueryKind.Json, Text: element.GetRawText()),
        _ => Null,
    };

    /// <summary>The number this value stands for: booleans count as 1 and 0 (as Weave coerces scores), numeric text parses.</summary>
    public double? AsNumber() => Kind switch
    {
        QueryKind.Number or QueryKind.Bool => Number,
        QueryKind.String when double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    public string AsText() => Kind switch
    {
        QueryKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        QueryKind.Bool => Number != 0 ? "true" : "false",
        QueryKind.Null => "",
        _ => Text!,
    };

    public bool IsTrue => Kind switch
    {
        QueryKind.Bool or QueryKind.Number => Number != 0,
        QueryKind.String => Text!.Length > 0,
        QueryKind.Json => true,
        _ => false,
    };

    /// <summary>
    /// Compares as numbers when either side is a number (so <c>true ≥ 0.5</c> holds), as booleans when both are, else
    /// as ordinal text; null when the two cannot be compared (a null, or text that is not a number against a number).
    /// </summary>
    public static int? Compare(QueryValue left, QueryValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return null;
        }
        if (left.Kind == QueryKind.Number || right.Kind == QueryKind.Number)
        {
            return left.AsNumber() is { } a && right.AsNumber() is { } b ? a.CompareTo(b) : null;
        }
        return left.Kind == QueryKind.Bool && right.Kind == QueryKind.Bool
            ? left.Number.CompareTo(right.Number)
            : string.CompareOrdinal(left.AsText(), right.AsText());
    }

    /// <summary>Order for sorting: by kind first (numbers, text, booleans, JSON), then by value; nulls last.</summary>
    public static int SortOrder(QueryValue left, QueryValue right) =>
        left.Kind != right.Kind ? left.Kind.CompareTo(right.Kind) : Compare(left, right) ?? 0;
}
