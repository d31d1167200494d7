using System.Net;
using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>Keys on the Weave surface: HTTP Basic ("api", key) and Bearer, workspace isolation (404), roles.</summary>
public sealed class WeaveSecurityTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _writeKey = "";
    private QaEvaluation _qa = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _writeKey = (await _server.Store.CreateKeyAsync(WeaveApi.Entity, KeyRole.Write)).Secret;
        using var http = WeaveApi.BasicClient(_server.BaseAddress, _writeKey);
        _qa = await QaEvaluation.WriteAsync(new WeaveApi(http));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task BasicAndBearer_BothAuthenticate_AndMissingOrWrongKeysAre401()
    {
        using var basic = WeaveApi.BasicClient(_server.BaseAddress, _writeKey);
        Assert.Single(await new WeaveApi(basic).LinesAsync("evaluation_runs"));
        using var bearer = _server.HttpWithKey(_writeKey);
        Assert.Single(await new WeaveApi(bearer).LinesAsync("evaluation_runs"));

        using var anonymous = await _server.Http.GetAsync(new WeaveApi(_server.Http).PathOf("evaluation_runs"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("API key is required", (string)JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["detail"]!,
            StringComparison.Ordinal);
        using var wrong = WeaveApi.BasicClient(_server.BaseAddress, "not-a-key");
        await new WeaveApi(wrong).GetJsonAsync("evaluation_runs", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyOfAnotherWorkspace_SeesNothing_404OnEveryRoute()
    {
        var otherKey = (await _server.Store.CreateKeyAsync("other-team", KeyRole.Admin)).Secret;
        using var http = WeaveApi.BasicClient(_server.BaseAddress, otherKey);
        var api = new WeaveApi(http);
        var error = await api.GetJsonAsync("evaluation_runs", HttpStatusCode.NotFound);
        Assert.Equal($"Workspace '{WeaveApi.Entity}' was not found.", (string)error["detail"]!);
        await api.GetJsonAsync($"evaluation_runs/{_qa.RunId}", HttpStatusCode.NotFound);
        await api.GetJsonAsync($"predictions/{_qa.PredictionIds[0]}", HttpStatusCode.NotFound);
        await api.GetJsonAsync("scores", HttpStatusCode.NotFound);
        await api.QueryAsync($$"""{"evaluation_run_ids": ["{{_qa.RunId}}"]}""", HttpStatusCode.NotFound);
        await api.PostJsonAsync("evaluation_runs", """{"evaluation": "e", "model": "m"}""", HttpStatusCode.NotFound);
        await WeaveApi.JsonAsync(await api.DeleteAsync($"evaluation_runs?evaluation_run_ids={_qa.RunId}"), HttpStatusCode.NotFound);
        Assert.NotNull(await _server.Store.GetResultAsync(WeaveApi.Entity, _qa.RunId));

        // In its own workspace, the same key does not find the run either: ids do not cross workspaces.
        var own = new WeaveApi(http, "other-team", WeaveApi.Project);
        await own.GetJsonAsync($"evaluation_runs/{_qa.RunId}", HttpStatusCode.NotFound);
        await own.GetJsonAsync($"predictions/{_qa.PredictionIds[0]}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReadKey_MayQueryResultsButNotWrite()
    {
        var readKey = (await _server.Store.CreateKeyAsync(WeaveApi.Entity, KeyRole.Read)).Secret;
        using var http = WeaveApi.BasicClient(_server.BaseAddress, readKey);
        var api = new WeaveApi(http);
        var answer = await api.QueryAsync($$"""{"evaluation_run_ids": ["{{_qa.RunId}}"], "include_summary": true}""");
        Assert.Equal(4, (int)answer["total_rows"]!);
        Assert.Equal(4, (await api.LinesAsync("predictions")).Count);
        var forbidden = await api.PostJsonAsync("evaluation_runs", """{"evaluation": "e", "model": "m"}""", HttpStatusCode.Forbidden);
        Assert.Contains("'read' role", (string)forbidden["detail"]!, StringComparison.Ordinal);
        await api.PostJsonAsync($"evaluation_runs/{_qa.RunId}/finish", "{}", HttpStatusCode.Forbidden);
        await WeaveApi.JsonAsync(await api.DeleteAsync($"evaluation_runs?evaluation_run_ids={_qa.RunId}"), HttpStatusCode.Forbidden);
        await api.PostJsonAsync(
            "scores", $$"""{"prediction_id": "{{_qa.PredictionIds[0]}}", "scorer": "s", "value": 1}""", HttpStatusCode.Forbidden);
    }
}
