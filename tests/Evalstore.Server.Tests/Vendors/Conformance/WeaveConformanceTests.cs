using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Evalstore.Server.Tests.Vendors.Weave;

namespace Evalstore.Server.Tests.Vendors.Conformance;

/// <summary>
/// Every Weave v2 route Evalstore serves, over real HTTP, against the pydantic models of wandb/weave at commit 5ad4a3d8,
/// weave/trace_server/trace_server_interface.py (EvaluationRunReadRes, PredictionReadRes, ScoreReadRes,
/// EvalResultsQueryRes, ScorerReadRes, DatasetReadRes) and FastAPI's error bodies. Weave writes every field, nulls
/// included, so optional fields are present and nullable where the model says <c>| None</c>.
/// </summary>
public abstract class WeaveConformanceTests : PerStoreServerTests
{
    private static readonly WireShape s_run = new("EvaluationRunReadRes", true,
        new Field("evaluation_run_id", Wire.String, true), new Field("evaluation", Wire.String, true), new Field("model", Wire.String,
            true),
        new Field("status", Wire.String, true, Nullable: true, Enum: ["running", "completed", "failed"]),
        new Field("started_at", Wire.DateTime, true, Nullable: true), new Field("finished_at", Wire.DateTime, true, Nullable: true),
        new Field("summary", Wire.Object, true, Nullable: true));

    private static readonly WireShape s_prediction = new("PredictionReadRes", true,
        new Field("prediction_id", Wire.String, true), new Field("model", Wire.String, true), new Field("inputs", Wire.Object, true),
        new Field("output", Wire.Any, true, Nullable: true), new Field("evaluation_run_id", Wire.String, true, Nullable: true),
        new Field("wb_user_id", Wire.String, true, Nullable: true));

    private static readonly WireShape s_score = new("ScoreReadRes", true,
        new Field("score_id", Wire.String, true), new Field("scorer", Wire.String, true), new Field("value", Wire.Any, true,
            Nullable: true),
        new Field("evaluation_run_id", Wire.String, true, Nullable: true), new Field("wb_user_id", Wire.String, true, Nullable: true));

    private static readonly WireShape s_scorer = new("ScorerReadRes", true,
        new Field("object_id", Wire.String, true), new Field("digest", Wire.String, true), new Field("version_index", Wire.Integer, true),
        new Field("created_at", Wire.DateTime, true), new Field("name", Wire.String, true), new Field("description", Wire.String, true,
            Nullable: true),
        new Field("score_op", Wire.String, true));

    private static readonly WireShape s_dataset = new("DatasetReadRes", true,
        new Field("object_id", Wire.String, true), new Field("digest", Wire.String, true), new Field("version_index", Wire.Integer, true),
        new Field("created_at", Wire.DateTime, true), new Field("name", Wire.String, true), new Field("description", Wire.String, true,
            Nullable: true),
        new Field("rows", Wire.String, true));

    private static readonly WireShape s_query = new("EvalResultsQueryRes", true,
        new Field("rows", Wire.Array, true), new Field("total_rows", Wire.Integer, true), new Field("summary", Wire.Object, Nullable: true),
        new Field("warnings", Wire.Array, ItemType: Wire.String));

    private WeaveApi _api = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _api = new WeaveApi(Server.Http);
    }

    [Fact]
    public async Task RunsPredictionsScoresAndQuery_MatchTheModels()
    {
        var qa = await QaEvaluation.WriteAsync(_api);
        var running = await _api.CreateRunAsync();
        s_run.Assert(Json(await _api.GetJsonAsync($"evaluation_runs/{qa.RunId}")));
        s_run.Assert(Json(await _api.GetJsonAsync($"evaluation_runs/{running}")));
        Assert.All(await _api.LinesAsync("evaluation_runs"), line => s_run.Assert(Json(line)));
        s_prediction.Assert(Json(await _api.GetJsonAsync($"predictions/{qa.PredictionIds[0]}")));
        Assert.All(await _api.LinesAsync($"predictions?evaluation_run_id={qa.RunId}"), line => s_prediction.Assert(Json(line)));
        var scores = await _api.LinesAsync($"scores?evaluation_run_id={qa.RunId}");
        Assert.All(scores, line => s_score.Assert(Json(line)));
        s_score.Assert(Json(await _api.GetJsonAsync($"scores/{(string)scores[0]["score_id"]!}")));
        var query = await _api.QueryAsync(
            $$"""{"evaluation_run_ids": ["{{qa.RunId}}"], "include_summary": true, "include_raw_data_rows": true}""");
        s_query.Assert(Json(query));
    }

    [Fact]
    public async Task Writes_AnswerTheirResponseModels()
    {
        WireShape Only(string name, string field, Wire type) => new(name, true, new Field(field, type, true));
        var run = await _api.PostJsonAsync("evaluation_runs",
            $$"""{"evaluation": "{{WeaveApi.EvaluationRef}}", "model": "{{WeaveApi.ModelRef}}"}""");
        Only("EvaluationRunCreateRes", "evaluation_run_id", Wire.String).Assert(Json(run));
        var runId = (string)run["evaluation_run_id"]!;
        var prediction = await _api.PostJsonAsync("predictions",
            $$"""{"model": "{{WeaveApi.ModelRef}}", "inputs": {"q": 1}, "output": "a", "evaluation_run_id": "{{runId}}"}""");
        Only("PredictionCreateRes", "prediction_id", Wire.String).Assert(Json(prediction));
        var predictionId = (string)prediction["prediction_id"]!;
        var score = await _api.PostJsonAsync("scores",
            $$"""{"prediction_id": "{{predictionId}}", "scorer": "{{QaEvaluation.ExactMatch}}", "value": 1.0}""");
        Only("ScoreCreateRes", "score_id", Wire.String).Assert(Json(score));
        Only("PredictionFinishRes", "success", Wire.Boolean)
            .Assert(Json(await _api.PostJsonAsync($"predictions/{predictionId}/finish", "{}")));
        var extra = await _api.PredictAsync(runId, """{"q": 2}""", "\"b\"");
        Only("PredictionDeleteRes", "num_deleted", Wire.Integer)
            .Assert(Json(await WeaveApi.JsonAsync(await _api.DeleteAsync($"predictions?prediction_ids={extra}"))));
        Only("EvaluationRunFinishRes", "success", Wire.Boolean)
            .Assert(Json(await _api.PostJsonAsync($"evaluation_runs/{runId}/finish", "{}")));
        Only("EvaluationRunDeleteRes", "num_deleted", Wire.Integer)
            .Assert(Json(await WeaveApi.JsonAsync(await _api.DeleteAsync($"evaluation_runs?evaluation_run_ids={runId}"))));
        var missing = await _api.PostJsonAsync("evaluation_runs", """{"model": "m"}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(JsonValueKind.Array, Json(missing).GetProperty("detail").ValueKind);
    }

    [Fact]
    public async Task ScorersAndDatasets_ReadWhatEvalstoreStores()
    {
        await Server.Store.ImportResultAsync(WeaveApi.Entity, new RunSpec
        {
            Name = "stored", Project = WeaveApi.Project, Dataset = "my-team/qa",
            Metrics = [new MetricDeclaration { Metric = "exact-match", Description = "Same text" }],
        }, Rows.Parse(Rows.Seed004));
        var scorers = await _api.LinesAsync("scorers");
        Assert.All(scorers, line => s_scorer.Assert(Json(line)));
        var exact = scorers.Single(s => (string)s["object_id"]! == "exact-match");
        Assert.Equal(("Same text", 43), ((string?)exact["description"], ((string)exact["digest"]!).Length));
        s_scorer.Assert(Json(await _api.GetJsonAsync($"scorers/exact-match/versions/{(string)exact["digest"]!}")));
        Assert.Equal((string)exact["digest"]!, (string)(await _api.GetJsonAsync("scorers/exact-match/versions/latest"))["digest"]!);
        await _api.GetJsonAsync("scorers/exact-match/versions/nope", HttpStatusCode.NotFound);

        var datasets = await _api.LinesAsync("datasets");
        var dataset = Assert.Single(datasets);
        s_dataset.Assert(Json(dataset));
        Assert.Equal(("my-team_qa", "my-team/qa"), ((string)dataset["object_id"]!, (string)dataset["name"]!));
        Assert.StartsWith("weave:///my-team/my-project/table/", (string)dataset["rows"]!, StringComparison.Ordinal);
        s_dataset.Assert(Json(await _api.GetJsonAsync($"datasets/my-team_qa/versions/{(string)dataset["digest"]!}")));
        var missing = await _api.GetJsonAsync("datasets/other/versions/latest", HttpStatusCode.NotFound);
        new WireShape("HTTPException", true, new Field("detail", Wire.String, true)).Assert(Json(missing));
        var invalid = await _api.GetJsonAsync("scorers?limit=-1", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(JsonValueKind.Array, Json(invalid).GetProperty("detail").ValueKind);
    }

    private static JsonElement Json(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}

/// <summary>Weave conformance over SQLite.</summary>
public sealed class SqliteWeaveConformanceTests : WeaveConformanceTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Weave conformance over PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWeaveConformanceTests(PostgresDatabase database) : WeaveConformanceTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
