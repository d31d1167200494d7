using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Vendors.Gradient;

/// <summary>Evaluation runs, their paged results and single prompts.</summary>
public sealed class GradientResultsTests : IAsyncLifetime
{
    private VendorServer _vendor = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _vendor = await VendorServer.StartAsync();
        _http = _vendor.Http(await _vendor.KeyAsync("do-team"));
    }

    public async ValueTask DisposeAsync() => await _vendor.DisposeAsync();

    [Fact]
    public async Task Results_PageByDefaultTwenty_WithOnlyTheLinksThatMakeSense()
    {
        // digitalocean/openapi 7c1300c4: shared/parameters.yml (per_page default 20, maximum 200) and description.yml,
        // "Links & Pagination" (only meaningful links: none of first/previous on the first page, of next/last on the last).
        var run = await _vendor.ImportAsync("do-team", GradientRows.Spec("paged"), GradientRows.Many(45));
        var first = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results");
        Assert.Equal(20, first.GetProperty("prompts").GetArrayLength());
        Assert.Equal("{\"page\":1,\"pages\":3,\"total\":45}", first.GetProperty("meta").GetRawText());
        var url = $"{_vendor.Server.BaseAddress}v2/gen-ai/evaluation_runs/{run.Id}/results";
        Assert.Equal($"{{\"last\":\"{url}?page=3&per_page=20\",\"next\":\"{url}?page=2&per_page=20\"}}",
            first.GetProperty("links").GetProperty("pages").GetRawText());

        var middle = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results?page=2");
        Assert.Equal(["first", "last", "next", "previous"],
            middle.GetProperty("links").GetProperty("pages").EnumerateObject().Select(p => p.Name));

        var last = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results?page=3&per_page=20");
        Assert.Equal(Enumerable.Range(41, 5).Select(i => (long)i),
            last.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("prompt_id").GetInt64()));
        Assert.Equal($"{{\"first\":\"{url}?page=1&per_page=20\",\"previous\":\"{url}?page=2&per_page=20\"}}",
            last.GetProperty("links").GetProperty("pages").GetRawText());
    }

    [Fact]
    public async Task Results_PerPageUpToTwoHundred_MoreIsBadRequestInDigitalOceansShape()
    {
        var run = await _vendor.ImportAsync("do-team", GradientRows.Spec("big"), GradientRows.Many(220));
        var most = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results?per_page=200&page=2");
        Assert.Equal(20, most.GetProperty("prompts").GetArrayLength());
        Assert.Equal(201, most.GetProperty("prompts")[0].GetProperty("prompt_id").GetInt64());

        var error = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results?per_page=201", 400);
        AssertError(error, "bad_request", "per_page");
        AssertError(await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results?page=0", 400), "bad_request", "page");
        AssertError(await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results?pagesize=5", 400), "bad_request", "pagesize");
    }

    [Fact]
    public async Task Run_MapsStatusStarMetricAndRunLevelResults()
    {
        var run = await _vendor.ImportAsync("do-team", GradientRows.Spec("star", threshold: 0.45), GradientRows.Many(8));
        var body = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}");
        var evaluationRun = body.GetProperty("evaluation_run");
        Assert.Equal("EVALUATION_RUN_SUCCESSFUL", evaluationRun.GetProperty("status").GetString());
        Assert.Equal("star", evaluationRun.GetProperty("run_name").GetString());
        Assert.Equal("support-bot-eval", evaluationRun.GetProperty("test_case_name").GetString());
        Assert.Equal(1, evaluationRun.GetProperty("test_case_version").GetInt64());
        Assert.Equal("ana@example.com", evaluationRun.GetProperty("created_by_user_email").GetString());
        Assert.Equal("0", evaluationRun.GetProperty("created_by_user_id").GetString());
        // correctness over 8 rows: 0, 1/3, 2/3, 1 twice → mean 0.5, which reaches the threshold 0.45.
        Assert.True(evaluationRun.GetProperty("pass_status").GetBoolean());
        var star = evaluationRun.GetProperty("star_metric_result");
        Assert.Equal("METRIC_VALUE_TYPE_NUMBER", star.GetProperty("metric_value_type").GetString());
        Assert.Equal(0.5, star.GetProperty("number_value").GetDouble(), 12);
        var levels = evaluationRun.GetProperty("run_level_metric_results").EnumerateArray().ToDictionary(
            m => m.GetProperty("metric_name").GetString()!);
        Assert.Equal("METRIC_VALUE_TYPE_PERCENTAGE", levels["grounded"].GetProperty("metric_value_type").GetString());
        Assert.Equal(50.0, levels["grounded"].GetProperty("number_value").GetDouble(), 12);
        Assert.Equal(star.GetProperty("metric_uuid").GetString(), levels["correctness"].GetProperty("metric_uuid").GetString());
    }

    [Fact]
    public async Task PassStatus_RespectsLowerIsBetter()
    {
        // correctness mean 0.5: with lower-is-better it passes a 0.6 ceiling and fails a 0.4 one.
        var passes = await _vendor.ImportAsync(
            "do-team", GradientRows.Spec("low-pass", threshold: 0.6, higherIsBetter: false), GradientRows.Many(8));
        var fails = await _vendor.ImportAsync(
            "do-team", GradientRows.Spec("low-fail", threshold: 0.4, higherIsBetter: false), GradientRows.Many(8));
        Assert.True((await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{passes.Id}")).GetProperty("evaluation_run").GetProperty(
            "pass_status").GetBoolean());
        Assert.False((await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{fails.Id}")).GetProperty("evaluation_run").GetProperty(
            "pass_status").GetBoolean());
        var metrics = await _http.GetJsonAsync("v2/gen-ai/evaluation_metrics");
        var correctness =
            metrics.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric_name").GetString() == "correctness");
        Assert.True(correctness.GetProperty("inverted").GetBoolean());
    }

    [Fact]
    public async Task Run_RunningAndFailedStatuses()
    {
        var running = await _vendor.Server.Store.CreateResultAsync("do-team", new RunSpec { Name = "live", Kind = ResultKind.Evaluation });
        var failed = await _vendor.Server.Store.CreateResultAsync("do-team", new RunSpec { Name = "broken", Kind = ResultKind.Evaluation });
        await _vendor.Server.Store.FailResultAsync("do-team", failed.Id, "agent unreachable");
        var live = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{running.Id}")).GetProperty("evaluation_run");
        Assert.Equal("EVALUATION_RUN_RUNNING_DATASET", live.GetProperty("status").GetString());
        Assert.False(live.TryGetProperty("finished_at", out _)); // not nullable in the spec: left out while running
        var broken = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{failed.Id}")).GetProperty("evaluation_run");
        Assert.Equal("EVALUATION_RUN_FAILED", broken.GetProperty("status").GetString());
        Assert.Equal("agent unreachable", broken.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Prompt_ByIdWithMetricResultsAndErrors()
    {
        var lines = new[] { GradientRows.Row(0, 1, true), GradientRows.Row(1, 0.25, false, judgeError: "timeout after 30 s") };
        var run = await _vendor.ImportAsync("do-team", GradientRows.Spec("prompts"), lines);
        var prompt = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results/2")).GetProperty("prompt");
        Assert.Equal(2, prompt.GetProperty("prompt_id").GetInt64());
        var results =
            prompt.GetProperty("prompt_level_metric_results").EnumerateArray().ToDictionary(m => m.GetProperty("metric_name").GetString()!);
        Assert.Equal(0.25, results["correctness"].GetProperty("number_value").GetDouble());
        Assert.Equal("judged 1", results["correctness"].GetProperty("reasoning").GetString());
        Assert.Equal(0, results["grounded"].GetProperty("number_value").GetDouble());
        Assert.Equal("EVALUATION_METRIC_RESULT_STATUS_FAILED", results["tone"].GetProperty("status").GetString());
        Assert.Equal("timeout after 30 s", results["tone"].GetProperty("error_description").GetString());

        AssertError(await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results/3", 404), "not_found", "no prompt 3");
        AssertError(await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results/0", 400), "bad_request", "prompt_id");
    }

    [Fact]
    public async Task PromptFields_AreConfigurablePerResult()
    {
        var line =
            """{"row_index": 0, "item": {"question": "Why?", "expected": "Because"}, "sample": {"answer": "Since"},""" +
            """ "metrics": {"ok": [{"name": "ok", "value": 1}]}, "usage": {"prompt": 7, "completion": 3},""" +
            """ "context": [{"source_name": "a.md", "text": "t"}], "trace": {"id": "abc"}}""";
        var spec = GradientRows.Spec("mapped") with
        {
            StarMetric = null,
            Labels = new Dictionary<string, string>
            {
                ["gradient.input"] = "item.question", ["gradient.output"] = "sample.answer", ["gradient.ground_truth"] = "item.expected",
                ["gradient.input_tokens"] = "usage.prompt", ["gradient.output_tokens"] = "usage.completion",
                ["gradient.prompt_chunks"] = "context", ["gradient.trace_id"] = "trace.id",
            },
        };
        var run = await _vendor.ImportAsync("do-team", spec, [line]);
        var prompt = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}/results/1")).GetProperty("prompt");
        Assert.Equal(("Why?", "Since", "Because"), (prompt.GetProperty("input").GetString(), prompt.GetProperty("output").GetString(),
            prompt.GetProperty("ground_truth").GetString()));
        Assert.Equal(("7", "3", "abc"), (prompt.GetProperty("input_tokens").GetString(), prompt.GetProperty("output_tokens").GetString(),
            prompt.GetProperty("trace_id").GetString()));
        Assert.Equal("a.md", prompt.GetProperty("prompt_chunks")[0].GetProperty("source_name").GetString());
        var run2 = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}")).GetProperty("evaluation_run");
        Assert.False(run2.GetProperty("pass_status").GetBoolean());
        Assert.False(run2.TryGetProperty("star_metric_result", out _)); // no star metric: left out, never null
    }

    [Fact]
    public async Task Errors_UseDigitalOceansBody()
    {
        AssertError(await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{Guid.NewGuid()}", 404), "not_found", "was not found");
        AssertError(await _http.GetJsonAsync("v2/gen-ai/evaluation_runs/not-a-uuid/results", 404), "not_found", "not-a-uuid");
        AssertError(await _http.GetJsonAsync("v2/gen-ai/no_such_thing", 404), "not_found", "no_such_thing");
        using var stranger = _vendor.Http("not-a-key");
        AssertError(await stranger.GetJsonAsync("v2/gen-ai/evaluation_metrics", 401), "unauthorized", "not valid");
    }

    internal static void AssertError(JsonElement error, string id, string messagePart)
    {
        Assert.Equal(["id", "message", "request_id"], error.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(id, error.GetProperty("id").GetString());
        Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("request_id").GetString()));
    }
}
