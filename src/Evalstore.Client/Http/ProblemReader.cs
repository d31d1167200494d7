using System.Net;
using System.Text.Json;
using Evalstore.Core;

namespace Evalstore.Client.Http;

/// <summary>Turns an error response into the <see cref="EvalstoreException"/> it describes.</summary>
internal static class ProblemReader
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var title = response.ReasonPhrase ?? ((HttpStatusCode)status).ToString();
        var detail = body;
        var extensions = new Dictionary<string, object?>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "title" when property.Value.ValueKind == JsonValueKind.String:
                            title = property.Value.GetString()!;
                            break;
                        case "detail" or "message" when property.Value.ValueKind == JsonValueKind.String:
                            detail = property.Value.GetString()!;
                            break;
                        case "status" or "type" or "instance" or "detail" or "title":
                            break;
                        default:
                            extensions[property.Name] = property.Value.Clone();
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page, say): keep the raw text as the detail.
        }
        var exception = new EvalstoreException(status, title, string.IsNullOrWhiteSpace(detail) ? title : detail);
        foreach (var (key, value) in extensions)
        {
            exception.Extensions[key] = value;
        }
        throw exception;
    }
}
