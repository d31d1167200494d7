using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Json;

namespace Evalstore.Server.Http;

/// <summary>Reads request bodies and query strings with errors that say exactly what is wrong.</summary>
internal static class RequestReading
{
    /// <summary>Deserializes a JSON body with the native conventions, within a size limit.</summary>
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, int maxBytes, JsonSerializerOptions? options = null)
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
        if (buffer.Length == 0)
        {
            throw EvalstoreException.BadRequest($"A JSON body ({typeof(T).Name}) is required.");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options ?? EvalstoreJson.Options)
                ?? throw EvalstoreException.BadRequest("The JSON body is null.");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw EvalstoreException.BadRequest($"The JSON body is not a valid {typeof(T).Name}{where}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>Rejects query parameters that the endpoint does not know, so typos do not silently change results.</summary>
    public static void RejectUnknownQuery(this HttpRequest request, IReadOnlyCollection<string> known, Func<string, bool>? alsoKnown = null)
    {
        var unknown = request.Query.Keys.Where(k => !known.Contains(k) && alsoKnown?.Invoke(k) != true).ToList();
        if (unknown.Count > 0)
        {
            throw EvalstoreException.BadRequest(
                $"Unsupported query parameter(s): {string.Join(", ", unknown)}. Supported: {string.Join(", ", known)}.");
        }
    }

    /// <summary>Parses an integer query parameter with bounds.</summary>
    public static int? QueryInt(this HttpRequest request, string name, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return int.TryParse(
            text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw EvalstoreException.BadRequest($"'{name}' must be an integer from {min} to {max}, found '{text}'.");
    }

    /// <summary>Parses a long query parameter that must not be negative.</summary>
    public static long? QueryLong(this HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return long.TryParse(
            text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw EvalstoreException.BadRequest($"'{name}' must be a non-negative integer, found '{text}'.");
    }

    /// <summary>Parses a boolean query parameter (true/false/1/0).</summary>
    public static bool QueryBool(this HttpRequest request, string name) => request.Query[name].ToString() switch
    {
        "" or "false" or "0" => false,
        "true" or "1" => true,
        var other => throw EvalstoreException.BadRequest($"'{name}' must be true or false, found '{other}'."),
    };

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
}
