using System.Net;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Evalstore.Server.Tests.Vendors.Gradient;

namespace Evalstore.Server.Tests.Vendors.Conformance;

/// <summary>
/// Every DigitalOcean route Evalstore serves, over real HTTP, checked against the spec's field lists, types, enums,
/// nullability (none), paging rules, ratelimit headers and error body. Spec: digitalocean/openapi commit 7c1300c4
/// (2026-08-07), specification/resources/gen-ai/*.yml and specification/shared/{headers,parameters}.yml, description.yml.
/// </summary>
public abstract class GradientConformanceTests : PerStoreServerTests
{
    private HttpClient _http = null!;
    private ResultInfo _done = null!;
    private ResultInfo _running = null!;
    private ResultInfo _failed = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _http = Server.HttpWithKey((await Server.Store.CreateKeyAsync("do-team", KeyRole.Write)).Secret);
        _done = await Server.Store.ImportResultAsync("do-team", GradientRows.Spec("done"), Rows.Parse(GradientRows.Many(45), null));
        _running = await Server.Store.CreateResultAsync("do-team", GradientRows.Spec("live"));
        _failed = await Server.Store.CreateResultAsync("do-team", GradientRows.Spec("broken") with { StarMetric = null, Dataset = null });
        _failed = await Server.Store.FailResultAsync("do-team", _failed.Id, "agent unreachable");
    }

    [Fact]
    public async Task AgentEvaluationRoutes_MatchTheSchemas()
    {
        foreach (var run in new[] { _done, _running, _failed })
        {
            var body = await GetAsync($"v2/gen-ai/evaluation_runs/{run.Id}");
            new WireShape("apiGetEvaluationRunOutput", true, new Field("evaluation_run", Wire.Object, true,
                Shape: GradientSchemas.Run)).Assert(body);
        }
        GradientSchemas.ResultsOutput.Assert(await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results?page=2&per_page=7"));
        GradientSchemas.ResultsOutput.Assert(await GetAsync($"v2/gen-ai/evaluation_runs/{_running.Id}/results"));
        new WireShape("apiGetEvaluationRunPromptResultsOutput", true, new Field("prompt", Wire.Object, true, Shape: GradientSchemas.Prompt))
            .Assert(await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results/3"));
        var testCases = await GetAsync("v2/gen-ai/evaluation_test_cases");
        new WireShape("apiListEvaluationTestCasesOutput", true, new Field("evaluation_test_cases", Wire.Array, true,
            Items: GradientSchemas.TestCase))
            .Assert(testCases);
        var testCase = testCases.GetProperty("evaluation_test_cases")[0].GetProperty("test_case_uuid").GetString();
        new WireShape("apiGetEvaluationTestCaseOutput", true, new Field("evaluation_test_case", Wire.Object, true,
            Shape: GradientSchemas.TestCase))
            .Assert(await GetAsync($"v2/gen-ai/evaluation_test_cases/{testCase}"));
        new WireShape("apiListEvaluationRunsByTestCaseOutput", true, new Field("evaluation_runs", Wire.Array, true,
            Items: GradientSchemas.Run))
            .Assert(await GetAsync($"v2/gen-ai/evaluation_test_cases/{testCase}/evaluation_runs?evaluation_test_case_version=1"));
        new WireShape("apiListEvaluationMetricsOutput", true, new Field("metrics", Wire.Array, true, Items: GradientSchemas.Metric))
            .Assert(await GetAsync("v2/gen-ai/evaluation_metrics"));
        using var started = await _http.PostAsync("v2/gen-ai/evaluation_runs",
            ResponseJson.Json(new { test_case_uuid = testCase, agent_uuids = new[] { "agent-a" }, run_name = "again" }));
        new WireShape("apiRunEvaluationTestCaseOutput", true, new Field("evaluation_run_uuids", Wire.Array, true, ItemType: Wire.String))
            .Assert(await ReadAsync(started));
        var workspaceUuid = (await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}")).GetProperty("evaluation_run")
            .GetProperty("agent_workspace_uuid").GetString();
        new WireShape("apiListEvaluationTestCasesByWorkspaceOutput", true,
            new Field("evaluation_test_cases", Wire.Array, true, Items: GradientSchemas.TestCase))
            .Assert(await GetAsync($"v2/gen-ai/workspaces/{workspaceUuid}/evaluation_test_cases"));
    }

    [Fact]
    public async Task Paging_Defaults20_Max200_OnlyMeaningfulLinks()
    {
        var url = $"{Server.BaseAddress}v2/gen-ai/evaluation_runs/{_done.Id}/results";
        var first = await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results");
        Assert.Equal(20, first.GetProperty("prompts").GetArrayLength());
        Assert.Equal([("last", $"{url}?page=3&per_page=20"), ("next", $"{url}?page=2&per_page=20")], Links(first));
        var middle = await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results?page=2");
        Assert.Equal(["first", "last", "next", "previous"], Links(middle).Select(l => l.Key));
        var last = await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results?page=3");
        Assert.Equal([("first", $"{url}?page=1&per_page=20"), ("previous", $"{url}?page=2&per_page=20")], Links(last));
        Assert.All(Links(middle).Concat(Links(first)).Concat(Links(last)), l => Assert.NotEqual("", l.Value));
        Assert.Equal(45,
            (await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results?per_page=200")).GetProperty("prompts").GetArrayLength());
        GradientSchemas.Error.Assert(await GetAsync($"v2/gen-ai/evaluation_runs/{_done.Id}/results?per_page=201",
            HttpStatusCode.BadRequest));
        var runs = await GetAsync("v2/gen-ai/model_evaluation_runs?per_page=2&page=2");
        Assert.Equal(["first", "previous"], Links(runs).Select(l => l.Key));
    }

    [Fact]
    public async Task EveryResponse_CarriesTheRateLimitHeaders_FromTheLimiter()
    {
        // shared/headers.yml: ratelimit-limit, ratelimit-remaining and ratelimit-reset (Unix seconds), here from the
        // server's own per-key bucket: a second instance on the same store allowing 4 requests a second.
        await using var limited = await TestServer.StartAsync(Server.Store, o => o with { RequestsPerSecond = 4 });
        using var http = limited.HttpWithKey((await Server.Store.CreateKeyAsync("do-team", KeyRole.Read)).Secret);
        var seen = new List<(HttpStatusCode Status, string Limit, string Remaining, long Reset)>();
        foreach (var path in new[] { $"v2/gen-ai/evaluation_runs/{_done.Id}", "v2/gen-ai/evaluation_metrics", "v2/gen-ai/nothing-here",
            "v2/gen-ai/evaluation_test_cases", "v2/gen-ai/evaluation_metrics" })
        {
            using var response = await http.GetAsync(path);
            seen.Add((response.StatusCode, Header(response, "ratelimit-limit"), Header(response, "ratelimit-remaining"),
                long.Parse(Header(response, "ratelimit-reset"), System.Globalization.CultureInfo.InvariantCulture)));
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.InRange(seen[^1].Reset, now, now + 2);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                GradientSchemas.Error.Assert(await response.ReadAsync(429));
                break;
            }
        }
        var shown = string.Join("; ", seen);
        Assert.All(seen, s => Assert.Equal("4", s.Limit));
        // Each request takes a token; a refill (once a second) may land between them, so remaining never rises above 3
        // and falls by one per request until the bucket is empty and the next request is a 429.
        Assert.True(seen.All(s => int.Parse(s.Remaining, System.Globalization.CultureInfo.InvariantCulture) is >= 0 and <= 3), shown);
        Assert.True(seen[0].Remaining == "3", shown);
    }

    [Fact]
    public async Task ModelEvaluationRuns_ListGetCancelDelete_MatchTheSchemas()
    {
        var list = await GetAsync("v2/gen-ai/model_evaluation_runs");
        GradientSchemas.ModelRunsList.Assert(list);
        Assert.Equal([_failed.Id.ToString(), _running.Id.ToString(), _done.Id.ToString()], Uuids(list));
        Assert.Equal([_running.Id.ToString()],
            Uuids(await GetAsync("v2/gen-ai/model_evaluation_runs?statuses=MODEL_EVALUATION_RUN_RUNNING_DATASET")));
        Assert.Equal([_done.Id.ToString()],
            Uuids(await GetAsync("v2/gen-ai/model_evaluation_runs?search=DON&sort_direction=SORT_DIRECTION_ASC")));
        GradientSchemas.Error.Assert(await GetAsync("v2/gen-ai/model_evaluation_runs?status=DONE", HttpStatusCode.BadRequest));

        var detail = await GetAsync($"v2/gen-ai/model_evaluation_runs/{_done.Id}");
        GradientSchemas.ModelRunGet.Assert(detail);
        Assert.Equal(45, detail.GetProperty("results").GetArrayLength()); // 50 per page by default
        var grounded = detail.GetProperty("run").GetProperty("result_summary").GetProperty("metric_summaries")[0];
        Assert.Equal(("grounded", 23L, 22L), (grounded.GetProperty("metric_name").GetString(),
            grounded.GetProperty("pass_count").GetInt64(),
            grounded.GetProperty("fail_count").GetInt64()));

        using var stillRunning = await _http.DeleteAsync($"v2/gen-ai/model_evaluation_runs/{_running.Id}");
        var refused = await ReadAsync(stillRunning);
        GradientSchemas.DeleteOutput.Assert(refused);
        Assert.Equal("DELETE_MODEL_EVALUATION_RUN_STATUS_FAIL", refused.GetProperty("status").GetString());

        using var cancel = await _http.PutAsync($"v2/gen-ai/model_evaluation_runs/{_running.Id}/cancel",
            ResponseJson.Json(new { eval_run_uuid = _running.Id.ToString() }));
        var cancelled = await ReadAsync(cancel);
        new WireShape("apiCancelModelEvaluationRunOutput", true, new Field("run", Wire.Object, true,
            Shape: GradientSchemas.ModelRunSummary))
            .Assert(cancelled);
        Assert.Equal("MODEL_EVALUATION_RUN_CANCELLED", cancelled.GetProperty("run").GetProperty("status").GetString());
        using var again = await _http.PutAsync($"v2/gen-ai/model_evaluation_runs/{_running.Id}/cancel", ResponseJson.Json(new { }));
        GradientSchemas.Error.Assert(await ReadAsync(again, HttpStatusCode.BadRequest));

        using var delete = await _http.DeleteAsync($"v2/gen-ai/model_evaluation_runs/{_running.Id}");
        Assert.Equal("DELETE_MODEL_EVALUATION_RUN_STATUS_SUCCESS", (await ReadAsync(delete)).GetProperty("status").GetString());
        Assert.Null(await Server.Store.GetResultAsync("do-team", _running.Id.ToString()));
        GradientSchemas.Error.Assert(await GetAsync($"v2/gen-ai/model_evaluation_runs/{_running.Id}", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ResultsDownloadUrl_IsSignedAndExpiring_AndServesTheNativeExport()
    {
        var body = await GetAsync($"v2/gen-ai/model_evaluation_runs/{_done.Id}/results/download_url");
        GradientSchemas.DownloadUrl.Assert(body);
        var url = body.GetProperty("download_url").GetString()!;
        Assert.InRange(DateTimeOffset.Parse(body.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));

        // The link is the credential: no key, and the exact stored rows (booleans and reasoning kept).
        using var anonymous = new HttpClient();
        var export = await anonymous.GetStringAsync(url);
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(45, lines.Length);
        Assert.Contains("\"reasoning\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("true", lines[0], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url.Replace("format=jsonl", "format=csv",
            StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url[..^3] + "AAA")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url.Split("&expires=")[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url.Replace(_done.Id.ToString(), _failed.Id.ToString(),
            StringComparison.Ordinal)))
            .StatusCode);

        // A link that has expired is refused too (a second instance on the same store, whose links expire at once).
        await using var shortLived = await TestServer.StartAsync(Server.Store, o => o with { DownloadLinkLifetime = TimeSpan.Zero });
        using var keyed = shortLived.HttpWithKey((await Server.Store.CreateKeyAsync("do-team", KeyRole.Read)).Secret);
        var expired = await keyed.GetJsonAsync($"v2/gen-ai/model_evaluation_runs/{_done.Id}/results/download_url");
        using var refused = await anonymous.GetAsync(expired.GetProperty("download_url").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("expired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluationDatasets_ListAndDownload_MatchTheSchemas()
    {
        var body = await GetAsync("v2/gen-ai/evaluation_datasets");
        new WireShape("apiListEvaluationDatasetsOutput", true, new Field("evaluation_datasets", Wire.Array, true,
            Items: GradientSchemas.Dataset))
            .Assert(body);
        var dataset = Assert.Single(body.GetProperty("evaluation_datasets").EnumerateArray().ToList());
        Assert.Equal(("support-questions", 45L, true), (dataset.GetProperty("dataset_name").GetString(),
            dataset.GetProperty("row_count").GetInt64(),
            dataset.GetProperty("has_ground_truth").GetBoolean()));
        Assert.Equal(0, (await GetAsync("v2/gen-ai/evaluation_datasets?dataset_type=EVALUATION_DATASET_TYPE_ADK"))
            .GetProperty("evaluation_datasets").GetArrayLength());
        var link = await GetAsync($"v2/gen-ai/evaluation_datasets/{dataset.GetProperty("dataset_uuid").GetString()}/download_url");
        new WireShape("apiGetEvaluationDatasetDownloadURLOutput", true, new Field("download_url", Wire.String, true),
            new Field("expires_at", Wire.DateTime, true)).Assert(link);
        using var anonymous = new HttpClient();
        var items = (await anonymous.GetStringAsync(link.GetProperty("download_url").GetString())).Split('\n',
            StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(45, items.Length);
        Assert.Equal("""{"input":"question 0","reference":"answer 0"}""", items[0]);
        GradientSchemas.Error.Assert(await GetAsync($"v2/gen-ai/evaluation_datasets/{Guid.NewGuid()}/download_url",
            HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Errors_AreDigitalOceansBody_ForEveryFailure()
    {
        GradientSchemas.Error.Assert(await GetAsync($"v2/gen-ai/evaluation_runs/{Guid.NewGuid()}", HttpStatusCode.NotFound));
        GradientSchemas.Error.Assert(await GetAsync($"v2/gen-ai/workspaces/{Guid.NewGuid()}/evaluation_test_cases",
            HttpStatusCode.NotFound));
        GradientSchemas.Error.Assert(await GetAsync("v2/gen-ai/evaluation_metrics?x=1", HttpStatusCode.BadRequest));
        using var anonymous = await Server.Http.GetAsync("v2/gen-ai/evaluation_metrics");
        GradientSchemas.Error.Assert(await ReadAsync(anonymous, HttpStatusCode.Unauthorized));
    }

    private async Task<JsonElement> GetAsync(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(path);
        return await ReadAsync(response, status);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.ReadAsync((int)status);
        Assert.False(string.IsNullOrEmpty(Header(response, "ratelimit-remaining")));
        return body;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "";

    private static List<(string Key, string? Value)> Links(JsonElement body) =>
        [.. body.GetProperty("links").GetProperty("pages").EnumerateObject().Select(p => (p.Name, p.Value.GetString()))];

    private static List<string?> Uuids(JsonElement list) => [.. list.GetProperty("runs").EnumerateArray().Select(r =>
        r.GetProperty("eval_run_uuid").GetString())];
}

/// <summary>DigitalOcean conformance over SQLite.</summary>
public sealed class SqliteGradientConformanceTests : GradientConformanceTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>DigitalOcean conformance over PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGradientConformanceTests(PostgresDatabase database) : GradientConformanceTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
