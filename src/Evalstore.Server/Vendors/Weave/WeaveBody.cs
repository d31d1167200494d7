using System.Text.Json;
using System.Text.RegularExpressions;
using Evalstore.Core;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Reads a JSON request body the way FastAPI does: unknown members are ignored, and a missing or ill-typed member
/// is a 422 whose <c>loc</c> names it (<c>["body", "include_rows"]</c>).
/// </summary>
internal static partial class WeaveBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, int maxBytes, Func<T>? whenEmpty = null)
    {
        var body = await ReadBytesAsync(request, maxBytes);
        if (body.Length == 0)
        {
            return whenEmpty is null ? throw WeaveErrors.Missing("body") : whenEmpty();
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, WeaveJson.Options);
            return value is null ? throw WeaveErrors.Validation("Input should be a valid dictionary or object", "body") : value;
        }
        catch (JsonException e)
        {
            throw Describe(e);
        }
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            throw EvalstoreException.TooLarge($"The JSON body is larger than {maxBytes} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw EvalstoreException.TooLarge($"The JSON body is larger than {maxBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static EvalstoreException Describe(JsonException e)
    {
        var missing = MissingMember().Match(e.Message);
        if (missing.Success)
        {
            return WeaveErrors.Missing("body", missing.Groups[1].Value);
        }
        var location = new List<object> { "body" };
        foreach (Match part in PathPart().Matches(e.Path ?? ""))
        {
            location.Add(
                part.Groups["index"].Success ? int.Parse(part.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)
                : part.Groups["quoted"].Success ? part.Groups["quoted"].Value : part.Groups["name"].Value);
        }
        var message = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
        return WeaveErrors.Validation(message, [.. location]);
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingMember();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathPart();
}
