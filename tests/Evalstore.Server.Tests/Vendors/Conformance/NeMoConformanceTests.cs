using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Vendors.Conformance;

/// <summary>
/// Every NeMo Evaluator route Evalstore serves, over real HTTP, against NVIDIA's models (see <see cref="NeMoSchemas"/>
/// for the spec files: Zenodia/nemo-platform f20bd5aa SDK types, NVIDIA-NeMo/nemo-platform 2833e74a api.md).
/// </summary>
public abstract class NeMoConformanceTests : PerStoreServerTests
{
    private const string Base = "apis/evaluation/v2/workspaces/my-workspace";
    private HttpClient _http = null!;

    // Every kind of value a native row may hold: a number, a pass/fail boolean, a rubric label, free text, null, "NaN".
    private static readonly string[] s_rows = [.. new[]
    {
        "{'row_index': 0, 'item': {'q': 'a'}, 'sample': {'output_text': 'x'}, 'metrics': {'acc': [{'name': 'acc', 'value': 0.5, "
            + "'reasoning': 'half'}], 'pass': [{'name': 'pass', 'value': true}], 'grade': [{'name': 'grade', 'value': 'good'}], "
            + "'note': [{'name': 'note', 'value': 'fine'}]}}",
        "{'row_index': 1, 'item': {'q': 'b'}, 'sample': {'output_text': 'y'}, 'metrics': {'acc': [{'name': 'acc', 'value': null}], "
            + "'pass': [{'name': 'pass', 'value': false}], 'grade': [{'name': 'grade', 'value': 'poor'}], 'note': [{'name': 'note', "
            + "'value': 'NaN'}]}, 'metric_errors': {'acc': 'judge timed out'}}",
    }.Select(row => row.Replace('\'', '"'))];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _http = Server.HttpWithKey((await Server.Store.CreateKeyAsync("my-workspace", KeyRole.Write)).Secret);
        var metrics = new List<MetricDeclaration>
        {
            new() { Metric = "grade", Type = ScoreType.Rubric, Rubric = [new RubricLevel("poor", 0), new RubricLevel("good", 2)] },
            new() { Metric = "note", Type = ScoreType.Text },
        };
        await Server.Store.ImportResultAsync("my-workspace", new RunSpec
        {
            Name = "metric-job", Kind = ResultKind.Metric, Metric = "my-workspace/judge", Dataset = "my-workspace/qa", Model = "m",
                Metrics = metrics,
            Labels = new Dictionary<string, string> { ["team"] = "a" },
        }, Rows.Parse(s_rows, metrics));
        await Server.Store.ImportResultAsync("my-workspace", new RunSpec
        {
            Name = "bench-job", Kind = ResultKind.Benchmark, Benchmark = "my-workspace/b", Dataset = "my-workspace/qa", Model = "m",
        }, Rows.Parse(Rows.Seed004));
    }

    [Fact]
    public async Task JobResults_ListRetrieveAndDownloads_MatchNvidiasModels()
    {
        var metrics = await GetAsync($"{Base}/metric-job-results");
        AssertPage(metrics, NeMoSchemas.MetricJobResult);
        var benchmarks = await GetAsync($"{Base}/benchmark-job-results?aggregate_fields=std_dev,percentiles");
        AssertPage(benchmarks, NeMoSchemas.BenchmarkJobResult);
        var metric = await GetAsync($"{Base}/metric-job-results/metric-job");
        NeMoSchemas.MetricJobResult.Assert(metric);
        AssertScores(metric.GetProperty("scores"));
        var benchmark = await GetAsync($"{Base}/benchmark-job-results/bench-job");
        NeMoSchemas.BenchmarkJobResult.Assert(benchmark);
        Assert.All(benchmark.GetProperty("results").EnumerateArray(), r => AssertScores(r.GetProperty("scores")));
        new WireShape("AggregatedMetricResult", true, new Field("scores", Wire.Array, true))
            .Assert(await GetAsync($"{Base}/metric-jobs/metric-job/results/aggregate-scores/download"));
        new WireShape("BenchmarkEvaluationResult", true, new Field("results", Wire.Array, true, Items: NeMoSchemas.BenchmarkMetricResult))
            .Assert(await GetAsync($"{Base}/benchmark-jobs/bench-job/results/aggregate-scores/download"));
    }

    [Fact]
    public async Task RowScores_AreRowScoreLines_WithMetricOutputsOfNumbersOrNaN()
    {
        using var response = await _http.GetAsync($"{Base}/metric-jobs/metric-job/results/row-scores/download");
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var line in lines)
        {
            NeMoSchemas.RowScore.Assert(line);
            foreach (var metric in line.GetProperty("metrics").EnumerateObject())
            {
                Assert.All(metric.Value.EnumerateArray(), NeMoSchemas.MetricOutput.Assert);
            }
        }
        string Value(int row, string metric) => lines[row].GetProperty("metrics").GetProperty(metric)[0].GetProperty("value").GetRawText();
        Assert.Equal(["0.5", "1.0", "2.0", "\"NaN\""], new[] { "acc", "pass", "grade", "note" }.Select(m => Value(0, m)));
        Assert.Equal(["\"NaN\"", "0.0", "0.0", "\"NaN\""], new[] { "acc", "pass", "grade", "note" }.Select(m => Value(1, m)));

        // The native export keeps what NeMo's shape cannot: booleans, labels and reasoning.
        var native = await _http.GetStringAsync("api/v1/workspaces/my-workspace/results/metric-job/export?format=jsonl");
        Assert.Contains("\"reasoning\":\"half\"", native.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"value\":true", native.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"good\"", native.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobResultFiles_ListRetrieveDownloadAndArchive()
    {
        foreach (var (jobs, job) in new[] { ("metric-jobs", "metric-job"), ("benchmark-jobs", "bench-job") })
        {
            var list = await GetAsync($"{Base}/{jobs}/{job}/results");
            NeMoSchemas.JobResultList.Assert(list);
            Assert.Equal(["aggregate-scores", "row-scores", "config"],
                list.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
            var one = await GetAsync($"{Base}/{jobs}/{job}/results/row-scores");
            NeMoSchemas.JobResult.Assert(one);
            // The generic download is the same file as the specific one.
            Assert.Equal(await _http.GetStringAsync($"{Base}/{jobs}/{job}/results/aggregate-scores/download"),
                await _http.GetStringAsync(one.GetProperty("download_url").GetString()!.Replace("row-scores", "aggregate-scores",
                    StringComparison.Ordinal)));
            var config = await GetAsync($"{Base}/{jobs}/{job}/results/config/download");
            Assert.Equal(job, config.GetProperty("name").GetString());
            NeMoSchemas.Error.Assert(await GetAsync($"{Base}/{jobs}/{job}/results/nothing", HttpStatusCode.NotFound));

            using var archive = await _http.GetAsync($"{Base}/{jobs}/{job}/results/artifacts/download");
            Assert.Equal("application/x-tar", archive.Content.Headers.ContentType?.MediaType);
            await using var tar = new TarReader(await archive.Content.ReadAsStreamAsync());
            var entries = new Dictionary<string, string>();
            while (await tar.GetNextEntryAsync(copyData: true) is { } entry)
            {
                using var reader = new StreamReader(entry.DataStream!);
                entries[entry.Name] = await reader.ReadToEndAsync();
            }
            Assert.Equal([$"{job}/aggregate-scores.json", $"{job}/row-scores.jsonl", $"{job}/config.json"], entries.Keys);
            Assert.Equal(await _http.GetStringAsync($"{Base}/{jobs}/{job}/results/row-scores/download"),
                entries[$"{job}/row-scores.jsonl"]);
        }
    }

    [Fact]
    public async Task Errors_AreFastApiBodies_422AsValidationLists()
    {
        foreach (var query in new[] { "?sort=model", "?page=0", "?page_size=x", "?aggregate_fields=median" })
        {
            NeMoSchemas.ValidationError.Assert(await GetAsync($"{Base}/metric-job-results{query}", HttpStatusCode.UnprocessableEntity));
        }
        NeMoSchemas.ValidationError.Assert(await GetAsync($"{Base}/benchmark-job-results/bench-job?aggregate_fields=x",
            HttpStatusCode.UnprocessableEntity));
        NeMoSchemas.Error.Assert(await GetAsync($"{Base}/metric-job-results?limit=1", HttpStatusCode.BadRequest));
        NeMoSchemas.Error.Assert(await GetAsync($"{Base}/metric-job-results/none", HttpStatusCode.NotFound));
        NeMoSchemas.Error.Assert(await GetAsync($"{Base}/metric-jobs/none/results", HttpStatusCode.NotFound));
        NeMoSchemas.Error.Assert(await GetAsync($"{Base}/benchmark-jobs/metric-job/results/artifacts/download", HttpStatusCode.NotFound));
        using var deleted = await _http.DeleteAsync($"{Base}/benchmark-job-results/bench-job");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        NeMoSchemas.Error.Assert(await GetAsync($"{Base}/benchmark-jobs/bench-job/results", HttpStatusCode.NotFound));
    }

    private async Task<JsonElement> GetAsync(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(path);
        return await response.ReadAsync((int)status);
    }

    private static void AssertPage(JsonElement page, WireShape item)
    {
        new WireShape("Page", true, new Field("data", Wire.Array, true, Items: item), new Field("pagination", Wire.Object, true,
            Shape: NeMoSchemas.Pagination), new Field("sort", Wire.String)).Assert(page);
    }

    private static void AssertScores(JsonElement scores)
    {
        Assert.All(scores.EnumerateArray(), score =>
            (score.TryGetProperty("score_type",
                out var type) && type.GetString() == "rubric" ? NeMoSchemas.RubricScore : NeMoSchemas.RangeScore)
                .Assert(score));
    }
}

/// <summary>NeMo conformance over SQLite.</summary>
public sealed class SqliteNeMoConformanceTests : NeMoConformanceTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>NeMo conformance over PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNeMoConformanceTests(PostgresDatabase database) : NeMoConformanceTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
