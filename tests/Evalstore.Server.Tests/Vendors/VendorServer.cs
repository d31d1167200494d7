using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors;

/// <summary>A test server with helpers the vendor-surface tests share: keys per workspace and one-shot imports.</summary>
public sealed class VendorServer : IAsyncDisposable
{
    private VendorServer(TestServer server) => Server = server;

    public TestServer Server { get; }

    public static async Task<VendorServer> StartAsync() => new(await TestServer.StartAsync());

    /// <summary>A new key's secret for the workspace.</summary>
    public async Task<string> KeyAsync(string workspace, KeyRole role = KeyRole.Write)
        => (await Server.Store.CreateKeyAsync(workspace, role)).Secret;

    /// <summary>An HTTP client sending the key as a Bearer token.</summary>
    public HttpClient Http(string key) => Server.HttpWithKey(key);

    /// <summary>Imports JSONL lines as one completed result through the store.</summary>
    public Task<ResultInfo> ImportAsync(string workspace, RunSpec spec, IEnumerable<string> lines) =>
        Server.Store.ImportResultAsync(workspace, spec, Rows.Parse(lines, spec.Metrics));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Reading JSON responses in tests.</summary>
public static class ResponseJson
{
    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response, int expectedStatus = 200)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path, int expectedStatus = 200) =>
        await (await http.GetAsync(path)).ReadAsync(expectedStatus);

    public static StringContent Json(object body)
        => new(EvalstoreJson.Serialize(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
