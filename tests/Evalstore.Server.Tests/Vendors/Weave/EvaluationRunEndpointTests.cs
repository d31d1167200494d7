using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary><c>/v2/{entity}/{project}/evaluation_runs</c> over real HTTP.</summary>
/// <remarks>Run on each store: the Weave surface keeps pending predictions and scores in the store's side documents.</remarks>
public abstract class EvaluationRunEndpointTests : PerStoreServerTests
{
    private WeaveApi _api = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _api = new WeaveApi(Server.Http);
    }

    [Fact]
    public async Task Create_ReturnsARunningRunThatReadsBack()
    {
        var id = await _api.CreateRunAsync();
        Assert.True(Guid.TryParse(id, out _));
        var run = await _api.GetJsonAsync($"evaluation_runs/{id}");
        Assert.Equal(id, (string)run["evaluation_run_id"]!);
        Assert.Equal(WeaveApi.EvaluationRef, (string)run["evaluation"]!);
        Assert.Equal(WeaveApi.ModelRef, (string)run["model"]!);
        Assert.Equal("running", (string)run["status"]!);
        Assert.EndsWith("Z", (string)run["started_at"]!, StringComparison.Ordinal);
        Assert.Null(run["finished_at"]);
        Assert.True(run.AsObject().ContainsKey("finished_at"));
        Assert.Equal("{}", run["summary"]!.ToJsonString());
        var native = await Server.Store.GetResultAsync(WeaveApi.Entity, id);
        Assert.Equal((ResultKind.Evaluation, WeaveApi.Project, ResultStatus.Running), (native!.Kind, native.Project, native.Status));
    }

    [Fact]
    public async Task Create_WithoutModel_Is422InFastApisShape()
    {
        var error = await _api.PostJsonAsync(
            "evaluation_runs", """{"evaluation": "weave:///e/p/object/x:1"}""", HttpStatusCode.UnprocessableEntity);
        var detail = error["detail"]![0]!;
        Assert.Equal("""["body","model"]""", detail["loc"]!.ToJsonString());
        Assert.Equal("missing", (string)detail["type"]!);
        var wrongType =
            await _api.PostJsonAsync("evaluation_runs", """{"evaluation": 3, "model": "m"}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","evaluation"]""", wrongType["detail"]![0]!["loc"]!.ToJsonString());
        var malformed = await _api.PostJsonAsync("evaluation_runs", "{not json", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("body", (string)malformed["detail"]![0]!["loc"]![0]!);
    }

    [Fact]
    public async Task Read_UnknownRunOrOtherProject_Is404WithDetail()
    {
        var missing = Guid.NewGuid().ToString();
        var error = await _api.GetJsonAsync($"evaluation_runs/{missing}", HttpStatusCode.NotFound);
        Assert.Equal($"Evaluation run {missing} not found", (string)error["detail"]!);
        await _api.GetJsonAsync("evaluation_runs/not-a-uuid", HttpStatusCode.NotFound);
        var id = await _api.CreateRunAsync();
        await new WeaveApi(Server.Http, WeaveApi.Entity, "other-project").GetJsonAsync($"evaluation_runs/{id}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_IsJsonlOldestFirstWithFiltersLimitAndOffset()
    {
        var first = await _api.CreateRunAsync(model: "weave:///e/p/object/A:1");
        var second = await _api.CreateRunAsync(model: "weave:///e/p/object/B:1", evaluation: "weave:///e/p/object/other_eval:1");
        var third = await _api.CreateRunAsync(model: "weave:///e/p/object/A:1");
        await new WeaveApi(Server.Http, WeaveApi.Entity, "elsewhere").CreateRunAsync();

        Assert.Equal([first, second, third], Ids(await _api.LinesAsync("evaluation_runs")));
        Assert.Equal([first, third], Ids(await _api.LinesAsync("evaluation_runs?models=weave:///e/p/object/A:1")));
        Assert.Equal([second], Ids(await _api.LinesAsync("evaluation_runs?evaluations=weave:///e/p/object/other_eval:1")));
        Assert.Equal([first, third], Ids(await _api.LinesAsync($"evaluation_runs?evaluation_run_ids={first}&evaluation_run_ids={third}")));
        Assert.Equal([third], Ids(await _api.LinesAsync(
            $"evaluation_runs?models=weave:///e/p/object/A:1&evaluation_run_ids={second}&evaluation_run_ids={third}")));
        Assert.Equal([second, third], Ids(await _api.LinesAsync("evaluation_runs?offset=1")));
        Assert.Equal([second], Ids(await _api.LinesAsync("evaluation_runs?offset=1&limit=1")));
        Assert.Empty(await _api.LinesAsync("evaluation_runs?limit=0"));
        var bad = await _api.GetJsonAsync("evaluation_runs?limit=-1", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["query","limit"]""", bad["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task Finish_WithSummary_CompletesAndKeepsTheSummary_AndRepeatingIsHarmless()
    {
        var qa = await QaEvaluation.WriteAsync(_api, finish: false);
        await _api.FinishAsync(qa.RunId, """{"summary": {"exact_match": {"true_fraction": 0.75}, "note": "nightly"}}""");
        await _api.FinishAsync(qa.RunId, """{"summary": {"ignored": true}}""");
        var run = await _api.GetJsonAsync($"evaluation_runs/{qa.RunId}");
        Assert.Equal("completed", (string)run["status"]!);
        Assert.NotNull((string?)run["finished_at"]);
        Assert.Equal("""{"exact_match":{"true_fraction":0.75},"note":"nightly"}""", run["summary"]!.ToJsonString());
    }

    [Fact]
    public async Task Finish_WithoutSummary_DerivesWeaveStyleSummaryFromAggregates()
    {
        var qa = await QaEvaluation.WriteAsync(_api);
        var summary = (await _api.GetJsonAsync($"evaluation_runs/{qa.RunId}"))["summary"]!;
        Assert.Equal(3, (int)summary["exact_match"]!["true_count"]!);
        Assert.Equal(0.75, (double)summary["exact_match"]!["true_fraction"]!);
        Assert.Equal(QaEvaluation.Items.Average(i => i.Similarity), (double)summary["similarity"]!["score"]!["mean"]!, 12);
    }

    [Fact]
    public async Task Finish_NativelyCompletedOrUnknownRun_IsRefused()
    {
        var native = await Server.Store.ImportResultAsync(
            WeaveApi.Entity, new RunSpec { Name = "n", Project = WeaveApi.Project }, Rows.Parse(Rows.Seed004));
        var conflict = await _api.PostJsonAsync($"evaluation_runs/{native.Id}/finish", "{}", HttpStatusCode.Conflict);
        Assert.Contains("immutable", (string)conflict["detail"]!, StringComparison.Ordinal);
        await _api.PostJsonAsync($"evaluation_runs/{Guid.NewGuid()}/finish", "{}", HttpStatusCode.NotFound);
        var id = await _api.CreateRunAsync();
        var bad = await _api.PostJsonAsync($"evaluation_runs/{id}/finish", """{"summary": [1]}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","summary"]""", bad["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task Delete_ByQueryOrBody_RemovesRunsOfThisProjectOnly()
    {
        var first = await _api.CreateRunAsync();
        var second = await _api.CreateRunAsync();
        var elsewhere = await new WeaveApi(Server.Http, WeaveApi.Entity, "elsewhere").CreateRunAsync();
        using var response = await _api.DeleteAsync(
            $"evaluation_runs?evaluation_run_ids={first}&evaluation_run_ids={elsewhere}&evaluation_run_ids={Guid.NewGuid()}");
        Assert.Equal(1, (int)(await WeaveApi.JsonAsync(response))["num_deleted"]!);
        await _api.GetJsonAsync($"evaluation_runs/{first}", HttpStatusCode.NotFound);
        Assert.NotNull(await Server.Store.GetResultAsync(WeaveApi.Entity, elsewhere));

        using var request =
            new HttpRequestMessage(HttpMethod.Delete, _api.PathOf("evaluation_runs")) { Content = new StringContent($"[\"{second}\"]") };
        Assert.Equal(1, (int)(await WeaveApi.JsonAsync(await Server.Http.SendAsync(request)))["num_deleted"]!);
        Assert.Empty(await _api.LinesAsync("evaluation_runs"));
        var missing = await WeaveApi.JsonAsync(await _api.DeleteAsync("evaluation_runs"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["query","evaluation_run_ids"]""", missing["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task UnknownRouteOrMethod_AnswersInFastApisErrorShape()
    {
        var unknown = await _api.GetJsonAsync("no_such_thing", HttpStatusCode.NotFound);
        Assert.Equal(JsonValueKind.String, unknown["detail"]!.GetValueKind());
        using var put = await Server.Http.PutAsync(_api.PathOf("evaluation_runs"), new StringContent("{}"));
        var wrongMethod = await WeaveApi.JsonAsync(put, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(JsonValueKind.String, wrongMethod["detail"]!.GetValueKind());
    }

    private static List<string> Ids(List<JsonNode> lines) => [.. lines.Select(l => (string)l["evaluation_run_id"]!)];
}

/// <summary>Weave evaluation runs over SQLite.</summary>
public sealed class SqliteEvaluationRunEndpointTests : EvaluationRunEndpointTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Weave evaluation runs over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEvaluationRunEndpointTests(PostgresDatabase database) : EvaluationRunEndpointTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
