using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Vendors.Gradient;

/// <summary>Test cases and metrics derived from results, starting runs, and workspace isolation on every route.</summary>
public sealed class GradientCatalogTests : IAsyncLifetime
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
    public async Task TestCases_GroupRunsByReference_UuidReferencesKeepTheirUuid()
    {
        var uuidCase = Guid.NewGuid().ToString();
        var first = await _vendor.ImportAsync("do-team", GradientRows.Spec("a"), GradientRows.Many(4));
        var second = await _vendor.ImportAsync("do-team", GradientRows.Spec("b"), GradientRows.Many(6));
        await _vendor.ImportAsync("do-team", GradientRows.Spec("c", evaluation: uuidCase), GradientRows.Many(2));

        var list = (await _http.GetJsonAsync("v2/gen-ai/evaluation_test_cases")).GetProperty(
            "evaluation_test_cases").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.Contains(list, t => t.GetProperty("test_case_uuid").GetString() == uuidCase);
        var support = list.Single(t => t.GetProperty("name").GetString() == "support-bot-eval");
        Assert.Equal(2, support.GetProperty("total_runs").GetInt32());
        Assert.Equal("support-questions", support.GetProperty("dataset_name").GetString());
        Assert.Equal(6, support.GetProperty("dataset").GetProperty("row_count").GetInt64());
        Assert.Equal("correctness", support.GetProperty("star_metric").GetProperty("name").GetString());
        Assert.Equal(["correctness", "grounded"],
            support.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("metric_name").GetString()));

        var uuid = support.GetProperty("test_case_uuid").GetString();
        var one = await _http.GetJsonAsync($"v2/gen-ai/evaluation_test_cases/{uuid}");
        Assert.Equal("support-bot-eval", one.GetProperty("evaluation_test_case").GetProperty("name").GetString());
        var runs = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_test_cases/{uuid}/evaluation_runs")).GetProperty("evaluation_runs");
        Assert.Equal([second.Id.ToString(), first.Id.ToString()],
            runs.EnumerateArray().Select(r => r.GetProperty("evaluation_run_uuid").GetString()));
        Assert.All(runs.EnumerateArray(), r => Assert.Equal(uuid, r.GetProperty("test_case_uuid").GetString()));
        Assert.Equal(2, (await _http.GetJsonAsync($"v2/gen-ai/evaluation_test_cases/{uuid}/evaluation_runs?evaluation_test_case_version=1"))
            .GetProperty("evaluation_runs").GetArrayLength());
        GradientResultsTests.AssertError(
            await _http.GetJsonAsync($"v2/gen-ai/evaluation_test_cases/{uuid}?evaluation_test_case_version=2", 404),
            "not_found", "version 2");
    }

    [Fact]
    public async Task Metrics_ListEveryDistinctScoreOnce()
    {
        await _vendor.ImportAsync("do-team", GradientRows.Spec("a"), GradientRows.Many(4));
        await _vendor.ImportAsync("do-team", GradientRows.Spec("b"), GradientRows.Many(4));
        var metrics = (await _http.GetJsonAsync("v2/gen-ai/evaluation_metrics")).GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(["correctness", "grounded"], metrics.Select(m => m.GetProperty("metric_name").GetString()));
        var correctness = metrics[0];
        Assert.Equal("Is the answer right?", correctness.GetProperty("description").GetString());
        Assert.True(correctness.GetProperty("is_metric_goal").GetBoolean());
        Assert.False(correctness.GetProperty("inverted").GetBoolean());
        Assert.Equal("METRIC_VALUE_TYPE_PERCENTAGE", metrics[1].GetProperty("metric_value_type").GetString());
        Assert.Equal(100, metrics[1].GetProperty("range_max").GetDouble());
    }

    [Fact]
    public async Task PostRuns_RecordsOneRunningResultPerAgent_ThatFillsThroughTheNativeApi()
    {
        var template = await _vendor.ImportAsync("do-team", GradientRows.Spec("baseline"), GradientRows.Many(4));
        var testCase = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{template.Id}")).GetProperty("evaluation_run").GetProperty(
            "test_case_uuid").GetString();
        var agent = Guid.NewGuid().ToString();
        var response = await _http.PostAsync("v2/gen-ai/evaluation_runs",
            ResponseJson.Json(new { test_case_uuid = testCase, agent_uuids = new[] { agent }, agent_deployment_names = new[] { "adk-bot" },
                run_name = "nightly" }));
        var uuids = (await response.ReadAsync()).GetProperty("evaluation_run_uuids").EnumerateArray().Select(u => u.GetString()!).ToList();
        Assert.Equal(2, uuids.Count);

        var byUuid = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{uuids[0]}")).GetProperty("evaluation_run");
        Assert.Equal("EVALUATION_RUN_RUNNING_DATASET", byUuid.GetProperty("status").GetString());
        Assert.Equal(agent, byUuid.GetProperty("agent_uuid").GetString());
        Assert.Equal("nightly", byUuid.GetProperty("run_name").GetString());
        Assert.Equal(testCase, byUuid.GetProperty("test_case_uuid").GetString());
        var byName = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{uuids[1]}")).GetProperty("evaluation_run");
        Assert.Equal("adk-bot", byName.GetProperty("agent_deployment_name").GetString());

        var id = Guid.Parse(uuids[0]);
        await _vendor.Server.Store.AppendRowsAsync("do-team", id, Support.Rows.Parse(GradientRows.Many(2)));
        await _vendor.Server.Store.CompleteResultAsync("do-team", id);
        var done = await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{uuids[0]}/results");
        Assert.Equal("EVALUATION_RUN_SUCCESSFUL", done.GetProperty("evaluation_run").GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("meta").GetProperty("total").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("evaluation_run").GetProperty("star_metric_result").ValueKind);

        // The same run name again gets a fresh result, and a read-only key may not start runs.
        var again = await _http.PostAsync("v2/gen-ai/evaluation_runs",
            ResponseJson.Json(new { test_case_uuid = testCase, agent_uuids = new[] { agent }, run_name = "nightly" }));
        Assert.Equal(1, (await again.ReadAsync()).GetProperty("evaluation_run_uuids").GetArrayLength());
        using var reader = _vendor.Http(await _vendor.KeyAsync("do-team", KeyRole.Read));
        var refused = await reader.PostAsync(
            "v2/gen-ai/evaluation_runs", ResponseJson.Json(new { test_case_uuid = testCase, agent_uuids = new[] { agent } }));
        GradientResultsTests.AssertError(await refused.ReadAsync(403), "forbidden", "write");
        var empty = await _http.PostAsync("v2/gen-ai/evaluation_runs", ResponseJson.Json(new { test_case_uuid = testCase }));
        GradientResultsTests.AssertError(await empty.ReadAsync(400), "bad_request", "agent");
    }

    [Fact]
    public async Task EveryRoute_IsIsolatedByTheKeysWorkspace()
    {
        var run = await _vendor.ImportAsync("do-team", GradientRows.Spec("secret"), GradientRows.Many(3));
        var testCase = (await _http.GetJsonAsync($"v2/gen-ai/evaluation_runs/{run.Id}")).GetProperty("evaluation_run").GetProperty(
            "test_case_uuid").GetString();
        using var other = _vendor.Http(await _vendor.KeyAsync("other-team"));
        foreach (var path in new[]
        {
            $"v2/gen-ai/evaluation_runs/{run.Id}", $"v2/gen-ai/evaluation_runs/{run.Id}/results",
                $"v2/gen-ai/evaluation_runs/{run.Id}/results/1",
            $"v2/gen-ai/evaluation_test_cases/{testCase}", $"v2/gen-ai/evaluation_test_cases/{testCase}/evaluation_runs",
        })
        {
            GradientResultsTests.AssertError(await other.GetJsonAsync(path, 404), "not_found", "not");
        }
        Assert.Equal(
            0, (await other.GetJsonAsync("v2/gen-ai/evaluation_test_cases")).GetProperty("evaluation_test_cases").GetArrayLength());
        Assert.Equal(0, (await other.GetJsonAsync("v2/gen-ai/evaluation_metrics")).GetProperty("metrics").GetArrayLength());
        var posted = await other.PostAsync(
            "v2/gen-ai/evaluation_runs", ResponseJson.Json(new { test_case_uuid = testCase, agent_uuids = new[] { "x" } }));
        var uuid = (await posted.ReadAsync()).GetProperty("evaluation_run_uuids")[0].GetString();
        Assert.Null(await _vendor.Server.Store.GetResultAsync("do-team", uuid!));
        Assert.NotNull(await _vendor.Server.Store.GetResultAsync("other-team", uuid!));
    }
}
