using System.Globalization;
using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>Query-string parameters the way FastAPI reads them: repeated keys for lists, 422 for a bad integer.</summary>
internal static class WeaveQuery
{
    public static IReadOnlyList<string> List(this HttpRequest request, string name) =>
        [.. request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    public static long? NonNegative(this HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw WeaveErrors.Validation($"Input should be a valid non-negative integer, found '{text}'", "query", name);
    }

    /// <summary>
    /// The ids of a delete call: repeated query keys as Weave's OpenAPI document has them, or (older clients) a JSON
    /// list body, or a body object with the list under <paramref name="name"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IdsAsync(this HttpRequest request, string name, int maxBytes)
    {
        var ids = request.List(name);
        if (ids.Count > 0 || request.ContentLength is null or 0)
        {
            return ids.Count > 0 ? ids : throw WeaveErrors.Missing("query", name);
        }
        var body = await WeaveBody.ReadAsync<JsonElement?>(request, maxBytes, () => null);
        var list = body is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var inner) ? inner : body;
        return list is { ValueKind: JsonValueKind.Array } array && array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. array.EnumerateArray().Select(e => e.GetString()!)]
            : throw WeaveErrors.Validation("Input should be a valid list of strings", "body");
    }
}
