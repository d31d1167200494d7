using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>Calls the Weave v2 surface over real HTTP with raw JSON bodies, as a Weave script would.</summary>
public sealed class WeaveApi(HttpClient http, string entity = WeaveApi.Entity, string project = WeaveApi.Project)
{
    public const string Entity = "my-team";
    public const string Project = "my-project";
    public const string EvaluationRef = "weave:///my-team/my-project/object/qa_eval:v1";
    public const string ModelRef = "weave:///my-team/my-project/object/MyModel:v1";

    public HttpClient Http => http;

    public string PathOf(string rest) => $"v2/{entity}/{project}/{rest}";

    public Task<HttpResponseMessage> PostAsync(string rest, string json) =>
        http.PostAsync(PathOf(rest), new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> GetAsync(string rest) => http.GetAsync(PathOf(rest));

    public Task<HttpResponseMessage> DeleteAsync(string rest) => http.DeleteAsync(PathOf(rest));

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonNode> GetJsonAsync(string rest, HttpStatusCode expected = HttpStatusCode.OK)
        => await JsonAsync(await GetAsync(rest), expected);

    public async Task<JsonNode> PostJsonAsync(string rest, string json, HttpStatusCode expected = HttpStatusCode.OK) =>
        await JsonAsync(await PostAsync(rest, json), expected);

    /// <summary>A JSONL list response, checked for its content type.</summary>
    public async Task<List<JsonNode>> LinesAsync(string rest)
    {
        using var response = await GetAsync(rest);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];
    }

    public async Task<string> CreateRunAsync(string model = ModelRef, string evaluation = EvaluationRef) =>
        (string)(await PostJsonAsync("evaluation_runs", new JsonObject { ["evaluation"] = evaluation, ["model"] = model }.ToJsonString()))[
            "evaluation_run_id"]!;

    public async Task<string> PredictAsync(string run, string inputs, string output, string model = ModelRef) =>
        (string)(await PostJsonAsync("predictions",
            $$"""{"model": {{JsonValue.Create(model).ToJsonString()}}, "inputs": {{inputs}}, "output": {{output}},""" +
                $$""" "evaluation_run_id": "{{run}}"}"""))["prediction_id"]!;

    public async Task<string> ScoreAsync(string prediction, string scorer, string value) =>
        (string)(await PostJsonAsync("scores", $$"""{"prediction_id": "{{prediction}}", "scorer": "{{scorer}}", "value": {{value}}}"""))[
            "score_id"]!;

    public async Task FinishAsync(string run, string body = "{}") =>
        Assert.True((bool)(await PostJsonAsync($"evaluation_runs/{run}/finish", body))["success"]!);

    public Task<JsonNode> QueryAsync(string body, HttpStatusCode expected = HttpStatusCode.OK)
        => PostJsonAsync("eval_results/query", body, expected);

    /// <summary>An HTTP client for the server sending HTTP Basic with user <c>api</c> and the key, as Weave scripts do.</summary>
    public static HttpClient BasicClient(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + key)));
        return client;
    }
}
