using System.Globalization;
using System.Text.Json;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// The cluster of an item: the value at a dotted path in its JSON, as text, converted exactly as SQLite's
/// <c>json_extract</c> followed by <c>Convert.ToString</c> does in the SQLite store (integers verbatim, other numbers
/// in shortest round-trip form, booleans as 1 and 0, objects as compact JSON), so both stores form the same clusters.
/// </summary>
internal static class PostgresClusters
{
    public static string? Extract(ReadOnlySpan<byte> item, string clusterKey)
    {
        var reader = new Utf8JsonReader(item);
        if (!JsonDocument.TryParseValue(ref reader, out var document))
        {
            return null;
        }
        using (document)
        {
            var current = document.RootElement;
            foreach (var part in clusterKey.Split('.'))
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
                {
                    return null;
                }
            }
            return current.ValueKind switch
            {
                JsonValueKind.String => current.GetString(),
                JsonValueKind.Number when current.TryGetInt64(out var integer) && IsIntegerLiteral(current.GetRawText()) =>
                    integer.ToString(CultureInfo.InvariantCulture),
                JsonValueKind.Number => current.GetDouble().ToString(CultureInfo.InvariantCulture),
                JsonValueKind.True => "1",
                JsonValueKind.False => "0",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => JsonSerializer.Serialize(current),
            };
        }
    }

    private static bool IsIntegerLiteral(string raw) => raw.AsSpan().IndexOfAny(".eE") < 0;
}
