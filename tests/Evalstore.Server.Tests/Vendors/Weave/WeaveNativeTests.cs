using System.Net;
using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>One result, one UUID, every surface: Weave-written runs read natively, native results read through Weave.</summary>
public sealed class WeaveNativeTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private WeaveApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _api = new WeaveApi(_server.Http);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RunWrittenThroughWeave_ReadsBackThroughTheNativeApi()
    {
        var qa = await QaEvaluation.WriteAsync(_api);
        var result = JsonNode.Parse(await _server.Http.GetStringAsync($"api/v1/workspaces/{WeaveApi.Entity}/results/{qa.RunId}"))!;
        Assert.Equal((qa.RunId, "completed", "evaluation", WeaveApi.Project),
            ((string)result["id"]!, (string)result["status"]!, (string)result["kind"]!,
            (string)result["project"]!));
        Assert.Equal((WeaveApi.ModelRef, WeaveApi.EvaluationRef), ((string)result["model"]!, (string)result["evaluation"]!));
        var scores = result["scores"]!.AsArray();
        var exact = scores.Single(s => (string)s!["metric"]! == "exact_match")!;
        Assert.Equal(("binary", 0.75), ((string)exact["score_type"]!, (double)exact["pass_rate"]!));
        var similarity = scores.Single(s => (string)s!["metric"]! == "similarity")!;
        Assert.Equal("score", (string)similarity["name"]!);
        Assert.Equal(QaEvaluation.Items.Average(i => i.Similarity), (double)similarity["mean"]!, 12);

        var rows = (await _server.Http.GetStringAsync($"api/v1/workspaces/{WeaveApi.Entity}/results/{qa.RunId}/rows"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([0L, 1, 2, 3], rows.Select(r => (long)r["row_index"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"question": "What is 2+2?", "expected": "4"}"""), rows[0]["item"]));
        Assert.Equal("""{"output":"4"}""", rows[0]["sample"]!.ToJsonString());
        Assert.Equal("""{"exact_match":[{"name":"exact_match","value":true}],"similarity":[{"name":"score","value":0.93}]}""",
            rows[0]["metrics"]!.ToJsonString());
    }

    [Fact]
    public async Task NativeResult_ReadsThroughWeaveWithLatencyTokensAndResolvableIds()
    {
        string[] lines =
        [
            """{"row_index": 0, "item": {"input": "2+2?"}, "sample": {"output_text": "4"}, "metrics": {"judge": [{"name": "helpful",""" +
                """ "value": 0.5}, {"name": "safe", "value": true}], "exact": [{"name": "exact", "value": 1.0}]}, "latency_ms": 1500,""" +
                """ "usage": {"input_tokens": 12, "output_tokens": 5}}""",
            """{"row_index": 0, "trial": 1, "item": {"input": "2+2?"}, "sample": {"answer": "four"},""" +
                """ "metrics": {"exact": [{"name": "exact", "value": "NaN"}]}, "usage": {"total_tokens": 40}}""",
            """{"row_index": 1, "item": "plain string item", "sample": {"output": {"text": "x"}}, "metrics": {}}""",
        ];
        var spec = new RunSpec { Name = "native", Project = WeaveApi.Project, Kind = ResultKind.Benchmark, Model = "hf/m" };
        var native = await _server.Store.ImportResultAsync(WeaveApi.Entity, spec, Rows.Parse(lines));
        var answer = await _api.QueryAsync(
            $$"""{"evaluation_run_ids": ["{{native.Id}}"], "include_raw_data_rows": true, "include_summary": true}""");
        var trials = answer["rows"]!.AsArray().SelectMany(r => r!["evaluations"]![0]!["trials"]!.AsArray()).ToDictionary(
            t => (string)t!["predict_call_id"]!);
        var id = native.Id.ToString("N");

        var first = trials[$"{id}-r0-t0"]!;
        Assert.Equal("""{"judge":{"helpful":0.5,"safe":true},"exact":1.0}""", first["scores"]!.ToJsonString());
        Assert.Equal(
            ("4", 1.5, 17L), ((string)first["model_output"]!, (double)first["model_latency_seconds"]!, (long)first["total_tokens"]!));
        Assert.Equal($"{id}-r0-t0-ps", (string)first["predict_and_score_call_id"]!);
        Assert.Equal($"{id}-r0-t0-s0", (string)first["scorer_call_ids"]!["judge"]!);
        var second = trials[$"{id}-r0-t1"]!;
        Assert.Equal(("""{"answer":"four"}""", """{"exact":null}""", 40L),
            (second["model_output"]!.ToJsonString(), second["scores"]!.ToJsonString(), (long)second["total_tokens"]!));
        Assert.Null(second["model_latency_seconds"]);
        Assert.Equal("""{"text":"x"}""", trials[$"{id}-r1-t0"]!["model_output"]!.ToJsonString());

        var prediction = await _api.GetJsonAsync($"predictions/{id}-r1-t0");
        Assert.Equal(("""{"example":"plain string item"}""", "hf/m"), (prediction["inputs"]!.ToJsonString(), (string)prediction["model"]!));
        Assert.Equal($"{id}-r0-t0", (string)(await _api.GetJsonAsync($"predictions/{id}-r0-t0-ps"))["prediction_id"]!);
        var score = await _api.GetJsonAsync($"scores/{id}-r0-t0-s1");
        Assert.Equal(("exact", "1.0"), ((string)score["scorer"]!, score["value"]!.ToJsonString()));
        await _api.GetJsonAsync($"scores/{id}-r0-t0-s7", HttpStatusCode.NotFound);
        await _api.GetJsonAsync($"predictions/{id}-r5-t0", HttpStatusCode.NotFound);

        var stats = answer["summary"]!["evaluations"]![0]!["scorer_stats"]!.AsArray().ToDictionary(s => $"{s!["scorer_key"]}/{s["path"]}");
        Assert.Equal(("continuous", 1), ((string)stats["judge/helpful"]!["value_type"]!, (int)stats["judge/helpful"]!["numeric_count"]!));
        Assert.Equal(("binary", 1.0), ((string)stats["judge/safe"]!["value_type"]!, (double)stats["judge/safe"]!["pass_rate"]!));
        Assert.Equal(1, (int)stats["exact/"]!["trial_count"]!); // the NaN trial is null, which Weave skips
        Assert.Equal(57L, (long)answer["summary"]!["evaluations"]![0]!["predict_total_tokens"]!);
        Assert.Equal(2, (int)answer["summary"]!["row_count"]!);

        // Never finished through Weave: the run's summary is derived from its aggregates, in Weave's summary shape.
        var summary = (await _api.GetJsonAsync($"evaluation_runs/{native.Id}"))["summary"]!;
        Assert.Equal("""{"mean":0.5}""", summary["judge"]!["helpful"]!.ToJsonString());
        Assert.Equal("""{"true_count":1,"true_fraction":1.0}""", summary["judge"]!["safe"]!.ToJsonString());
        Assert.Equal("""{"mean":1.0}""", summary["exact"]!.ToJsonString());
        Assert.Equal("""{"mean":1.5}""", summary["model_latency"]!.ToJsonString());
    }

    [Fact]
    public async Task RunWithNativeRowsAndWeavePredictions_FinishesWithFreshRowIndexes()
    {
        var run = await _api.CreateRunAsync();
        var id = Guid.Parse(run);
        await _server.Store.AppendRowsAsync(
            WeaveApi.Entity, id, Rows.Parse([Rows.Synthetic(0, 0.5, true), Rows.Synthetic(7, 0.25, false)]));
        await _api.PredictAsync(run, """{"input": "question 0", "reference": "0"}""", "\"weave answer\"");
        var pending = await _api.QueryAsync($$"""{"evaluation_run_ids": ["{{run}}"]}""");
        Assert.Equal(2, (int)pending["total_rows"]!); // the prediction's example is native row 0's item: one row, two trials
        await _api.FinishAsync(run);
        var rows = await _server.Store.ReadRowsAsync(WeaveApi.Entity, id, new RowQuery()).Select(r => (r.RowIndex, r.Trial)).ToListAsync();
        Assert.Equal([(0L, 0), (7L, 0), (8L, 0)], rows);
        var after = await _api.QueryAsync($$"""{"evaluation_run_ids": ["{{run}}"]}""");
        Assert.Equal(pending["rows"]!.ToJsonString(), after["rows"]!.ToJsonString());
    }

    [Fact]
    public async Task SameItemAtSeveralRowIndexes_IsOneRowWithEveryTrial_WhetherPagedOrNot()
    {
        string[] lines =
        [
            """{"row_index": 0, "item": {"q": "dup"}, "sample": {"output": "a"}, "metrics": {"m": [{"name": "m", "value": 1}]}}""",
            """{"row_index": 1, "item": {"q": "single"}, "sample": {"output": "b"}, "metrics": {"m": [{"name": "m", "value": 0}]}}""",
            """{"row_index": 2, "item": {"q": "dup"}, "sample": {"output": "c"}, "metrics": {"m": [{"name": "m", "value": 0.5}]}}""",
            """{"row_index": 2, "trial": 1, "item": {"q": "dup"}, "sample": {"output": "d"}, "metrics": {"m": [{"name": "m",""" +
                """ "value": 0}]}}""",
        ];
        var native = await _server.Store.ImportResultAsync(
            WeaveApi.Entity, new RunSpec { Name = "dups", Project = WeaveApi.Project }, Rows.Parse(lines));
        var all = await _api.QueryAsync($$"""{"evaluation_run_ids": ["{{native.Id}}"], "include_summary": true}""");
        var paged = await _api.QueryAsync($$"""{"evaluation_run_ids": ["{{native.Id}}"], "limit": 2}""");
        Assert.Equal(all["rows"]!.ToJsonString(), paged["rows"]!.ToJsonString());
        var outputs = all["rows"]!.AsArray().Select(
            r => string.Concat(r!["evaluations"]![0]!["trials"]!.AsArray().Select(t => (string)t!["model_output"]!)));
        Assert.Equal(["acd", "b"], outputs.Order());
        Assert.Equal(2, (int)all["summary"]!["row_count"]!);
        Assert.Equal(4, (int)all["summary"]!["evaluations"]![0]!["trial_count"]!);
    }
}
