using System.Net;
using System.Text.Json.Nodes;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary><c>predictions</c> and <c>scores</c> over real HTTP, before and after the run finishes.</summary>
/// <remarks>Run on each store: the Weave surface keeps pending predictions and scores in the store's side documents.</remarks>
public abstract class PredictionScoreEndpointTests : PerStoreServerTests
{
    private WeaveApi _api = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _api = new WeaveApi(Server.Http);
    }

    [Fact]
    public async Task Prediction_ReadsTheSameBeforeAndAfterTheRunFinishes()
    {
        var qa = await QaEvaluation.WriteAsync(_api, finish: false);
        var before = await _api.GetJsonAsync($"predictions/{qa.PredictionIds[1]}");
        Assert.Equal(qa.PredictionIds[1], (string)before["prediction_id"]!);
        Assert.Equal(WeaveApi.ModelRef, (string)before["model"]!);
        Assert.Equal("""{"question":"Capital of France?","expected":"Paris"}""", before["inputs"]!.ToJsonString());
        Assert.Equal("Paris", (string)before["output"]!);
        Assert.Equal(qa.RunId, (string)before["evaluation_run_id"]!);
        Assert.True(before.AsObject().ContainsKey("wb_user_id"));
        Assert.True((bool)(await _api.PostJsonAsync($"predictions/{qa.PredictionIds[1]}/finish", ""))["success"]!);
        await _api.FinishAsync(qa.RunId);
        Assert.Equal(before.ToJsonString(), (await _api.GetJsonAsync($"predictions/{qa.PredictionIds[1]}")).ToJsonString());
    }

    [Fact]
    public async Task Prediction_BadInput_IsRefusedClearly()
    {
        var run = await _api.CreateRunAsync();
        var noRun = await _api.PostJsonAsync(
            "predictions", """{"model": "m", "inputs": {"q": 1}, "output": 1}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","evaluation_run_id"]""", noRun["detail"]![0]!["loc"]!.ToJsonString());
        var notDict =
            await _api.PostJsonAsync("predictions", $$"""{"model": "m", "inputs": [1], "output": 1, "evaluation_run_id": "{{run}}"}""",
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","inputs"]""", notDict["detail"]![0]!["loc"]!.ToJsonString());
        var noOutput = await _api.PostJsonAsync(
            "predictions", $$"""{"model": "m", "inputs": {}, "evaluation_run_id": "{{run}}"}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("missing", (string)noOutput["detail"]![0]!["type"]!);
        await _api.PostJsonAsync("predictions",
            $$"""{"model": "m", "inputs": {}, "output": null, "evaluation_run_id": "{{Guid.NewGuid()}}"}""", HttpStatusCode.NotFound);
        await _api.GetJsonAsync("predictions/nonsense", HttpStatusCode.NotFound);
        await _api.GetJsonAsync($"predictions/{Guid.NewGuid():N}-r0-t0", HttpStatusCode.NotFound);
        await _api.PostJsonAsync("predictions/nonsense/finish", "", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FinishedRun_RefusesNewPredictionsScoresAndDeletes()
    {
        var qa = await QaEvaluation.WriteAsync(_api);
        var refused =
            await _api.PostJsonAsync("predictions", $$"""{"model": "m", "inputs": {}, "output": 1, "evaluation_run_id": "{{qa.RunId}}"}""",
            HttpStatusCode.Conflict);
        Assert.Contains("completed", (string)refused["detail"]!, StringComparison.Ordinal);
        await _api.PostJsonAsync(
            "scores", $$"""{"prediction_id": "{{qa.PredictionIds[0]}}", "scorer": "s", "value": 1}""", HttpStatusCode.Conflict);
        await WeaveApi.JsonAsync(await _api.DeleteAsync($"predictions?prediction_ids={qa.PredictionIds[0]}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Predictions_ListAsJsonlPerRunOrProject()
    {
        var qa = await QaEvaluation.WriteAsync(_api);
        var other = await _api.CreateRunAsync();
        var pending = await _api.PredictAsync(other, """{"q": "pending"}""", "\"p\"");
        Assert.Equal(qa.PredictionIds,
            (await _api.LinesAsync($"predictions?evaluation_run_id={qa.RunId}")).Select(p => (string)p["prediction_id"]!));
        Assert.Equal(qa.PredictionIds.Append(pending), (await _api.LinesAsync("predictions")).Select(p => (string)p["prediction_id"]!));
        Assert.Equal(qa.PredictionIds.Skip(1).Take(2), (await _api.LinesAsync($"predictions?evaluation_run_id={qa.RunId}&offset=1&limit=2"))
            .Select(p => (string)p["prediction_id"]!));
        await _api.GetJsonAsync($"predictions?evaluation_run_id={Guid.NewGuid()}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scores_CreateReadListAndTheLastPerScorerCounts()
    {
        var run = await _api.CreateRunAsync();
        var prediction = await _api.PredictAsync(run, """{"q": 1}""", "\"a\"");
        var first = await _api.ScoreAsync(prediction, QaEvaluation.ExactMatch, "false");
        var second = await _api.ScoreAsync(prediction, QaEvaluation.ExactMatch, "true");
        var judge = await _api.ScoreAsync(
            prediction, "weave:///my-team/my-project/object/judge:v2", """{"label": "good", "confidence": 0.8}""");
        var read = await _api.GetJsonAsync($"scores/{first}");
        Assert.Equal((first, QaEvaluation.ExactMatch, "false", run),
            ((string)read["score_id"]!, (string)read["scorer"]!, read["value"]!.ToJsonString(),
            (string)read["evaluation_run_id"]!));
        var listed = await _api.LinesAsync($"scores?evaluation_run_id={run}");
        Assert.Equal([second, judge], listed.Select(s => (string)s["score_id"]!));
        var trial = (await _api.QueryAsync($$"""{"evaluation_run_ids": ["{{run}}"]}"""))["rows"]![0]!["evaluations"]![0]!["trials"]![0]!;
        Assert.Equal("""{"exact_match":true,"judge":{"label":"good","confidence":0.8}}""", trial["scores"]!.ToJsonString());
        Assert.Equal(second, (string)trial["scorer_call_ids"]!["exact_match"]!);

        await _api.FinishAsync(run);
        Assert.Equal(read.ToJsonString(), (await _api.GetJsonAsync($"scores/{first}")).ToJsonString());
        Assert.Equal(listed.Select(l => l.ToJsonString()), (await _api.LinesAsync("scores")).Select(l => l.ToJsonString()));
        await _api.GetJsonAsync($"scores/{prediction}-{Guid.NewGuid():N}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scores_BadInput_IsRefusedClearly()
    {
        var run = await _api.CreateRunAsync();
        var prediction = await _api.PredictAsync(run, """{"q": 1}""", "1");
        var list = await _api.PostJsonAsync(
            "scores", $$"""{"prediction_id": "{{prediction}}", "scorer": "s", "value": [1, 2]}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","value"]""", list["detail"]![0]!["loc"]!.ToJsonString());
        var otherRun = await _api.CreateRunAsync();
        var mismatch = await _api.PostJsonAsync(
            "scores", $$"""{"prediction_id": "{{prediction}}", "scorer": "s", "value": 1, "evaluation_run_id": "{{otherRun}}"}""",
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","evaluation_run_id"]""", mismatch["detail"]![0]!["loc"]!.ToJsonString());
        await _api.PostJsonAsync("scores", """{"prediction_id": "unknown", "scorer": "s", "value": 1}""", HttpStatusCode.NotFound);
        await _api.PostJsonAsync(
            "scores", $$"""{"prediction_id": "{{otherRun.Replace("-", "")}}-{{new string('a', 32)}}", "scorer": "s", "value": 1}""",
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deletes_RemovePendingPredictionsAndScoresBeforeFinish()
    {
        var qa = await QaEvaluation.WriteAsync(_api, finish: false);
        var scores = await _api.LinesAsync($"scores?evaluation_run_id={qa.RunId}");
        using (var response = await _api.DeleteAsync($"scores?score_ids={(string)scores[0]["score_id"]!}&score_ids=unknown"))
        {
            Assert.Equal(1, (int)(await WeaveApi.JsonAsync(response))["num_deleted"]!);
        }
        using (var response =
            await _api.DeleteAsync($"predictions?prediction_ids={qa.PredictionIds[3]}&prediction_ids={qa.PredictionIds[3]}"))
        {
            Assert.Equal(1, (int)(await WeaveApi.JsonAsync(response))["num_deleted"]!);
        }
        await _api.GetJsonAsync($"predictions/{qa.PredictionIds[3]}", HttpStatusCode.NotFound);
        await _api.FinishAsync(qa.RunId);
        var native = await Server.Store.GetResultAsync(WeaveApi.Entity, qa.RunId);
        Assert.Equal(3, native!.RowCount);
        Assert.Equal(QaEvaluation.ExactMatch, (string)scores[0]["scorer"]!);
        Assert.Equal(2, native.Scores.Single(s => s.Metric == "exact_match").Count); // the first prediction lost its exact_match score
        Assert.Equal(3, native.Scores.Single(s => s.Metric == "similarity").Count);
    }

    [Fact]
    public async Task RepeatedExample_IsAnotherTrialOfTheSameRow()
    {
        var run = await _api.CreateRunAsync();
        var first = await _api.PredictAsync(run, """{"q": "same"}""", "\"one\"");
        var second = await _api.PredictAsync(run, """{"q": "same"}""", "\"two\"");
        await _api.PredictAsync(run, """{"q": "other"}""", "\"three\"");
        await _api.FinishAsync(run);
        var answer = await _api.QueryAsync($$"""{"evaluation_run_ids": ["{{run}}"], "include_raw_data_rows": true}""");
        var same = answer["rows"]!.AsArray().Single(r => r!["raw_data_row"]!.ToJsonString() == """{"q":"same"}""")!;
        var trials = same["evaluations"]![0]!["trials"]!.AsArray();
        Assert.Equal([first, second], trials.Select(t => (string)t!["predict_call_id"]!));
        Assert.Equal(["one", "two"], trials.Select(t => (string)t!["model_output"]!));
        var native = await Server.Store.GetResultAsync(WeaveApi.Entity, run);
        Assert.Equal((3L, 2L, 2), (native!.RowCount, native.ItemCount, native.MaxTrials));
    }
}

/// <summary>Weave predictions and scores over SQLite.</summary>
public sealed class SqlitePredictionScoreEndpointTests : PredictionScoreEndpointTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Weave predictions and scores over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPredictionScoreEndpointTests(PostgresDatabase database) : PredictionScoreEndpointTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
