using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>Small HTTP helpers shared by the regression tests.</summary>
public static class Http
{
    /// <summary>A JSONL body.</summary>
    public static ByteArrayContent Jsonl(string text) => Jsonl(Encoding.UTF8.GetBytes(text));

    public static ByteArrayContent Jsonl(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        return content;
    }

    /// <summary>One ingest line with this item and one score.</summary>
    public static string Row(string item, double value = 1) =>
        $"{{\"item\":{item},\"sample\":{{}},\"metrics\":{{\"m\":[{{\"name\":\"s\",\"value\":" +
        $"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}]}}}}\n";

    /// <summary>Creates a running result over HTTP and returns its id.</summary>
    public static async Task<Guid> CreateAsync(HttpClient http, string workspace, string name)
    {
        using var response = await http.PostAsJsonAsync($"api/v1/workspaces/{workspace}/results", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ResultInfo>(EvalstoreJson.Options))!.Id;
    }

    /// <summary>POSTs a batch, with an Idempotency-Key when given.</summary>
    public static async Task<HttpResponseMessage> AppendAsync(HttpClient http, string workspace, Guid result, string body,
        string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/workspaces/{workspace}/results/{result}/rows")
        {
            Content = Jsonl(body),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return await http.SendAsync(request);
    }
}
