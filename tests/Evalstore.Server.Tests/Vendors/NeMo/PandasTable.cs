using System.Globalization;
using System.Text.Json;

namespace Evalstore.Server.Tests.Vendors.NeMo;

/// <summary>
/// Prints records the way <c>print(pd.DataFrame(records).round(2)[columns])</c> does: the index, then each column with
/// pandas' float formatting (six decimals, trailing zeros trimmed alike down to one) and integers as integers. A JSON
/// number is a float when its text has a '.' or an exponent, as Python's json module reads it.
/// </summary>
public static class PandasTable
{
    public static IReadOnlyList<string> Render(
        IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, IReadOnlyList<string> columns, int decimals)
    {
        var cells = columns.Select(column => FormatColumn(records.Select(r => r[column]).ToList(), decimals)).ToList();
        var lines = new List<string> { string.Join(' ', columns) };
        for (var row = 0; row < records.Count; row++)
        {
            lines.Add(row.ToString(CultureInfo.InvariantCulture) + " " + string.Join(' ', cells.Select(c => c[row])));
        }
        return lines;
    }

    private static List<string> FormatColumn(List<JsonElement> values, int decimals)
    {
        if (values.All(v => v.ValueKind == JsonValueKind.Number && !IsFloat(v)))
        {
            return values.Select(v => v.GetRawText()).ToList();
        }
        if (values.All(v => v.ValueKind == JsonValueKind.Number))
        {
            // DataFrame.round(decimals) rounds half to even, then the float formatter writes six decimals and trims.
            var texts = values.Select(
                v => Math.Round(v.GetDouble(), decimals, MidpointRounding.ToEven).ToString("F6", CultureInfo.InvariantCulture)).ToList();
            while (texts.All(t => t.EndsWith('0') && t[^2] != '.'))
            {
                texts = texts.Select(t => t[..^1]).ToList();
            }
            return texts;
        }
        return values.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
    }

    private static bool IsFloat(JsonElement number) => number.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0;
}
