using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Vendors.NeMo;

/// <summary>Seed 003 calls (retrieve, delete, both downloads), NeMo's statistics, workspace isolation and the error body.</summary>
public sealed class NeMoResultTests : IAsyncLifetime
{
    private const string Base = "apis/evaluation/v2/workspaces/my-workspace";
    private VendorServer _vendor = null!;
    private HttpClient _http = null!;

    private static readonly string[] s_statsRows =
    [
        """{"row_index": 0, "item": {"input": "a"}, "sample": {}, "metrics": {"quality": [{"name": "score", "value": 0.0}],""" +
            """ "helpfulness": [{"name": "helpfulness", "value": "good"}]}, "requests": []}""",
        """{"row_index": 1, "item": {"input": "b"}, "sample": {}, "metrics": {"quality": [{"name": "score", "value": 0.5}],""" +
            """ "helpfulness": [{"name": "helpfulness", "value": "poor"}]}, "requests": []}""",
        """{"row_index": 2, "item": {"input": "c"}, "sample": {}, "metrics": {"quality": [{"name": "score", "value": 1.0}],""" +
            """ "helpfulness": [{"name": "helpfulness", "value": "good"}]}, "requests": []}""",
        """{"row_index": 3, "item": {"input": "d"}, "sample": {}, "metrics": {"quality": [{"name": "score", "value": 1.0}],""" +
            """ "helpfulness": [{"name": "helpfulness", "value": "poor"}]}, "requests": []}""",
        """{"row_index": 4, "item": {"input": "e"}, "sample": {}, "metrics": {"quality": [{"name": "score", "value": "NaN"}],""" +
            """ "helpfulness": [{"name": "helpfulness", "value": "ok"}]}, "requests": [],""" +
            """ "metric_errors": {"quality": "judge timed out"}}""",
    ];

    public async ValueTask InitializeAsync()
    {
        _vendor = await VendorServer.StartAsync();
        _http = _vendor.Http(await _vendor.KeyAsync(NeMoRows.Workspace));
        await _vendor.ImportAsync(NeMoRows.Workspace, new RunSpec
        {
            Name = "my-job-name",
            Kind = ResultKind.Metric,
            Metric = "my-workspace/quality",
            Metrics = [new MetricDeclaration { Metric = "helpfulness",
                Rubric = [new("poor", 1), new("ok", 2, "acceptable"), new("good", 3)] }],
        }, s_statsRows);
    }

    public async ValueTask DisposeAsync() => await _vendor.DisposeAsync();

    [Fact]
    public async Task AggregateScoresDownload_HasNeMosStatistics()
    {
        // aggregate = client.evaluation.metric_jobs.results.aggregate_scores.download(job="my-job-name")
        var scores = (await _http.GetJsonAsync($"{Base}/metric-jobs/my-job-name/results/aggregate-scores/download")).GetProperty("scores")
            .EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var score = scores["score"];
        Assert.Equal("range", score.GetProperty("score_type").GetString());
        Assert.Equal((4, 1), (score.GetProperty("count").GetInt32(), score.GetProperty("nan_count").GetInt32()));
        Assert.Equal(0.171875, score.GetProperty("variance").GetDouble(), 15); // population: divided by n = 4
        Assert.Equal(Math.Sqrt(0.171875), score.GetProperty("std_dev").GetDouble(), 15);
        // pos = p/100·(n+1) − 1 over [0, 0.5, 1, 1], clamped to the ends.
        Assert.Equal(
            [0, 0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 1], score.GetProperty("percentiles").EnumerateObject().Select(p => p.Value.GetDouble()));
        var bins = score.GetProperty("histogram").GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(10, bins.Count);
        Assert.Equal([1L, 0, 0, 0, 0, 1, 0, 0, 0, 2], bins.Select(b => b.GetProperty("count").GetInt64()));
        Assert.Equal("0.0", bins[0].GetProperty("lower_bound").GetRawText());

        var helpfulness = scores["helpfulness"];
        Assert.Equal("rubric", helpfulness.GetProperty("score_type").GetString());
        Assert.Equal(
            """[{"label":"poor","value":1.0,"count":2},{"label":"ok","description":"acceptable","value":2.0,"count":1},""" +
            """{"label":"good","value":3.0,"count":2}]""",
            helpfulness.GetProperty("rubric_distribution").GetRawText());
        Assert.Equal("good", helpfulness.GetProperty("mode_category").GetString()); // good and poor tie at 2: alphabetically first
        Assert.False(helpfulness.TryGetProperty("percentiles", out _));
    }

    [Fact]
    public async Task RowScoresDownload_StreamsJsonl_WithNaNAsAString()
    {
        // row_scores = client.evaluation.metric_jobs.results.row_scores.download(job="my-job-name")
        using var response = await _http.GetAsync($"{Base}/metric-jobs/my-job-name/results/row-scores/download");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        var last = JsonDocument.Parse(lines[4]).RootElement;
        Assert.Equal("NaN", last.GetProperty("metrics").GetProperty("quality")[0].GetProperty("value").GetString());
        Assert.Equal("judge timed out", last.GetProperty("metric_errors").GetProperty("quality").GetString());
        foreach (var field in new[] { "item", "sample", "metrics", "requests" })
        {
            Assert.True(last.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Retrieve_ByName_WithAllFieldsByDefault()
    {
        // result = client.evaluation.metric_job_results.retrieve("my-job-name")
        var result = await _http.GetJsonAsync($"{Base}/metric-job-results/my-job-name");
        Assert.Equal(("my-job-name", "my-workspace", "my-workspace/quality"),
            (result.GetProperty("name").GetString(), result.GetProperty("workspace").GetString(),
                result.GetProperty("metric").GetString()));
        Assert.Equal("my-workspace/my-job-name", result.GetProperty("parent").GetString());
        var score = result.GetProperty("scores").EnumerateArray().First(s => s.GetProperty("name").GetString() == "score");
        Assert.True(score.TryGetProperty("std_dev", out _) && score.TryGetProperty("histogram", out _));
        var selected = await _http.GetJsonAsync($"{Base}/metric-job-results/my-job-name?aggregate_fields=min");
        Assert.Equal(["name", "count", "min"], selected.GetProperty("scores")[0].EnumerateObject().Select(p => p.Name));
        Assert.Contains("Unsupported",
            (await _http.GetJsonAsync($"{Base}/metric-job-results/my-job-name?page=1", 400)).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheResultEverywhere()
    {
        using var reader = _vendor.Http(await _vendor.KeyAsync(NeMoRows.Workspace, KeyRole.Read));
        Assert.Equal(403, (int)(await reader.DeleteAsync($"{Base}/metric-job-results/my-job-name")).StatusCode);

        // client.evaluation.metric_job_results.delete("my-job-name")
        var deleted = await (await _http.DeleteAsync($"{Base}/metric-job-results/my-job-name")).ReadAsync();
        Assert.Equal("my-job-name", deleted.GetProperty("name").GetString());
        await _http.GetJsonAsync($"{Base}/metric-job-results/my-job-name", 404);
        await _http.GetJsonAsync($"{Base}/metric-jobs/my-job-name/results/aggregate-scores/download", 404);
        Assert.Equal(
            0, (await _http.GetJsonAsync($"{Base}/metric-job-results")).GetProperty("pagination").GetProperty("total_results").GetInt64());
        Assert.Equal(404, (int)(await _http.DeleteAsync($"{Base}/metric-job-results/my-job-name")).StatusCode);
    }

    [Fact]
    public async Task EveryRoute_IsIsolatedByWorkspace_WithNeMosErrorBody()
    {
        using var other = _vendor.Http(await _vendor.KeyAsync("other-workspace"));
        string[] paths =
        [
            "metric-job-results", "metric-job-results/my-job-name", "benchmark-job-results", "benchmark-job-results/my-job-name",
            "metric-jobs/my-job-name/results/aggregate-scores/download", "metric-jobs/my-job-name/results/row-scores/download",
            "benchmark-jobs/my-job-name/results/aggregate-scores/download", "benchmark-jobs/my-job-name/results/row-scores/download",
        ];
        foreach (var path in paths)
        {
            var error = await other.GetJsonAsync($"{Base}/{path}", 404);
            Assert.Equal(["detail"], error.EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal(404, (int)(await other.DeleteAsync($"{Base}/metric-job-results/my-job-name")).StatusCode);
        Assert.NotNull(await _vendor.Server.Store.GetResultAsync(NeMoRows.Workspace, "my-job-name"));
        var own = await other.GetJsonAsync("apis/evaluation/v2/workspaces/other-workspace/metric-job-results");
        Assert.Equal(0, own.GetProperty("data").GetArrayLength());
        // A metric result is not a benchmark result.
        var wrongKind = await _http.GetJsonAsync($"{Base}/benchmark-job-results/my-job-name", 404);
        Assert.Contains("Benchmark job result 'my-job-name'", wrongKind.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
