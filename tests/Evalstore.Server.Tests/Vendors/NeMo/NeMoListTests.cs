using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Vendors.NeMo;

/// <summary>Seed 003/004 list calls over HTTP, one test per SDK call: filter, search, sort, page, page_size, aggregate_fields.</summary>
public sealed class NeMoListTests : IAsyncLifetime
{
    private const string Metrics = "apis/evaluation/v2/workspaces/my-workspace/metric-job-results";
    private const string Benchmarks = "apis/evaluation/v2/workspaces/my-workspace/benchmark-job-results";
    private VendorServer _vendor = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _vendor = await VendorServer.StartAsync();
        _http = _vendor.Http(await _vendor.KeyAsync(NeMoRows.Workspace));
        await NeMoRows.ImportMetricAsync(_vendor, "llama-accuracy", "my-metric", "my-workspace/llama-3", 1, 0, 1);
        await NeMoRows.ImportMetricAsync(_vendor, "gpt-accuracy", "my-metric", "my-workspace/gpt-4o", 1, 1, 1);
        await NeMoRows.ImportMetricAsync(_vendor, "llama-f1", "other-metric", "my-workspace/llama-3", 0.5, 0.25);
        await NeMoRows.ImportSeed004Async(_vendor);
        // Neither a running result nor another kind is a metric job result.
        await _vendor.Server.Store.CreateResultAsync(NeMoRows.Workspace, new RunSpec { Name = "llama-running", Kind = ResultKind.Metric });
        await _vendor.ImportAsync(
            NeMoRows.Workspace, new RunSpec { Name = "llama-eval", Kind = ResultKind.Evaluation }, Support.Rows.Seed004);
    }

    public async ValueTask DisposeAsync() => await _vendor.DisposeAsync();

    private async Task<List<string>> NamesAsync(string query, string path = Metrics) =>
        (await _http.GetJsonAsync(path + query)).GetProperty("data").EnumerateArray().Select(
            r => r.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task List_ReturnsCompletedResultsOfTheKind_NewestFirst()
    {
        // results = client.evaluation.metric_job_results.list()
        var page = await _http.GetJsonAsync(Metrics);
        Assert.Equal(["llama-f1", "gpt-accuracy", "llama-accuracy"],
            page.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var first = page.GetProperty("data")[0];
        Assert.Equal(["accuracy", "passed"], first.GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(first.GetProperty("id").GetString(), first.GetProperty("entity_id").GetString());
        Assert.Equal("my-workspace/other-metric", first.GetProperty("metric").GetString());
        Assert.Equal("-created_at", page.GetProperty("sort").GetString());
        Assert.Equal(["my-job-name"], await NamesAsync("", Benchmarks));
    }

    [Fact]
    public async Task List_FilterByMetric_InEverySyntax()
    {
        // client.evaluation.metric_job_results.list(filter={"metric": "my-workspace/my-metric"})
        string[] expected = ["gpt-accuracy", "llama-accuracy"];
        Assert.Equal(expected, await NamesAsync("?filter=" + Uri.EscapeDataString("""{"metric": "my-workspace/my-metric"}""")));
        Assert.Equal(expected, await NamesAsync("?filter[metric]=my-workspace/my-metric"));
        Assert.Equal(expected, await NamesAsync("?filter=" + Uri.EscapeDataString("""metric:"my-workspace/my-metric" """)));
        Assert.Equal(["llama-accuracy"], await NamesAsync("?filter[metric]=my-workspace/my-metric&filter[model]=my-workspace/llama-3"));
        Assert.Equal(["llama-f1", "llama-accuracy"], await NamesAsync("?filter[data.labels.team]=meta"));
        Assert.Equal(["llama-f1", "llama-accuracy"],
            await NamesAsync("?filter=" + Uri.EscapeDataString("""{"data.labels.team": {"$eq": "meta"}}""")));
        // client.evaluation.benchmark_job_results.list(filter={"benchmark": "my-workspace/my-benchmark"})
        Assert.Equal(["my-job-name"], await NamesAsync("?filter[benchmark]=my-workspace/my-benchmark", Benchmarks));
        Assert.Empty(await NamesAsync("?filter[benchmark]=my-workspace/other", Benchmarks));
    }

    [Fact]
    public async Task List_Search_BareValuesAreSubstrings_InEverySyntax()
    {
        // list(search={"name": "llama"}), list(search={"name": {"$like": "llama"}})
        string[] llama = ["llama-f1", "llama-accuracy"];
        Assert.Equal(llama, await NamesAsync("?search[name]=llama"));
        Assert.Equal(llama, await NamesAsync("?search[name][$like]=llama"));
        Assert.Equal(llama, await NamesAsync("?search=" + Uri.EscapeDataString("""{"name": "llama"}""")));
        Assert.Equal(llama, await NamesAsync("?search=" + Uri.EscapeDataString("""{"name": {"$like": "llama"}}""")));
        // list(search={"created_at": {"$gt": "2025-01-01T00:00:00"}})
        Assert.Equal(3, (await NamesAsync("?search[created_at][$gt]=2025-01-01T00:00:00")).Count);
        Assert.Empty(await NamesAsync("?search=" + Uri.EscapeDataString("""{"created_at": {"$gt": "2999-01-01T00:00:00"}}""")));
        // filter wins over the deprecated search.
        Assert.Equal(["gpt-accuracy"], await NamesAsync("?filter[name]=gpt-accuracy&search[name]=llama"));
        Assert.Equal(["llama-accuracy"], await NamesAsync("?filter="
            + Uri.EscapeDataString("""name~"llama" AND model:"my-workspace/llama-3" AND metric IN ["my-workspace/my-metric"]""")));
    }

    [Fact]
    public async Task List_Sort_OnCreatedUpdatedAndName()
    {
        // list(sort="-created_at") and the other five values
        Assert.Equal(["llama-f1", "gpt-accuracy", "llama-accuracy"], await NamesAsync("?sort=-created_at"));
        Assert.Equal(["llama-accuracy", "gpt-accuracy", "llama-f1"], await NamesAsync("?sort=created_at"));
        Assert.Equal(["llama-accuracy", "gpt-accuracy", "llama-f1"], await NamesAsync("?sort=updated_at"));
        Assert.Equal(["gpt-accuracy", "llama-accuracy", "llama-f1"], await NamesAsync("?sort=name"));
        Assert.Equal(["llama-f1", "llama-accuracy", "gpt-accuracy"], await NamesAsync("?sort=-name"));
        AssertValidation(await _http.GetJsonAsync(Metrics + "?sort=model", 422), "sort", "enum");
    }

    [Fact]
    public async Task List_PageAndPageSize_WithPaginationTotals()
    {
        // page = list(page=1, page_size=25); page.pagination.page, .total_pages, .total_results
        var page = await _http.GetJsonAsync(Metrics + "?page=1&page_size=25");
        Assert.Equal("""{"page":1,"page_size":25,"current_page_size":3,"total_pages":1,"total_results":3}""",
            page.GetProperty("pagination").GetRawText());
        // Iterating the response fetches page after page: page_size=2 gives pages of 2 and 1.
        var second = await _http.GetJsonAsync(Metrics + "?page=2&page_size=2&sort=name");
        Assert.Equal("""{"page":2,"page_size":2,"current_page_size":1,"total_pages":2,"total_results":3}""",
            second.GetProperty("pagination").GetRawText());
        Assert.Equal("llama-f1", second.GetProperty("data")[0].GetProperty("name").GetString());
        AssertValidation(await _http.GetJsonAsync(Metrics + "?page_size=0", 422), "page_size", "greater_than_equal");
        AssertValidation(await _http.GetJsonAsync(Metrics + "?page=x", 422), "page", "int_parsing");
    }

    [Fact]
    public async Task List_AggregateFields_CommaSeparatedOrRepeated()
    {
        // list(aggregate_fields=["mean"]): name and count always, then only the selection.
        var mean = (await _http.GetJsonAsync(Metrics + "?aggregate_fields=mean&sort=name")).GetProperty("data")[0].GetProperty("scores")[0];
        Assert.Equal(["name", "count", "mean"], mean.EnumerateObject().Select(p => p.Name));
        var two = (await _http.GetJsonAsync(Metrics + "?aggregate_fields=std_dev,variance&sort=name")).GetProperty("data")[0].GetProperty(
            "scores")[0];
        Assert.Equal(["name", "count", "std_dev", "variance"], two.EnumerateObject().Select(p => p.Name));
        var repeated = (await _http.GetJsonAsync(Metrics + "?aggregate_fields=std_dev&aggregate_fields=percentiles&sort=name"))
            .GetProperty("data")[0].GetProperty("scores")[0];
        Assert.Equal(["name", "count", "std_dev", "percentiles"], repeated.EnumerateObject().Select(p => p.Name));
        var benchmark = (await _http.GetJsonAsync(Benchmarks + "?aggregate_fields=mean")).GetProperty("data")[0];
        Assert.All(benchmark.GetProperty("results").EnumerateArray(),
            r => Assert.Equal(["name", "count", "mean"], r.GetProperty("scores")[0].EnumerateObject().Select(p => p.Name)));
        var invalid = AssertValidation(await _http.GetJsonAsync(Metrics + "?aggregate_fields=mean,median", 422),
            "aggregate_fields", "enum");
        Assert.Contains("Invalid aggregate field: 'median'", invalid.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownParameterOrBadFilter_IsBadRequestWithDetail()
    {
        var unknown = await _http.GetJsonAsync(Metrics + "?limit=5&offset=2", 400);
        Assert.Equal(["detail"], unknown.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith(
            "Unsupported query parameter(s): limit, offset.", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            JsonValueKind.String, (await _http.GetJsonAsync(Metrics + "?filter[colour]=red", 400)).GetProperty("detail").ValueKind);
        Assert.Contains("Unsupported", (await _http.GetJsonAsync(Benchmarks + "?bogus=1", 400)).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    // FastAPI's HTTPValidationError: {"detail": [{"loc": ["query", parameter], "msg", "type"}]}.
    private static JsonElement AssertValidation(JsonElement body, string parameter, string type)
    {
        Assert.Equal(["detail"], body.EnumerateObject().Select(p => p.Name));
        var error = Assert.Single(body.GetProperty("detail").EnumerateArray().ToList());
        Assert.Equal(["loc", "msg", "type"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["query", parameter], error.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(type, error.GetProperty("type").GetString());
        return error;
    }

    [Fact]
    public async Task BenchmarkFamily_AnswersTheSameCalls()
    {
        await NeMoRows.ImportSeed004Async(_vendor, "llama-bench");
        // benchmark_job_results.list(sort="-created_at"), list(search={"name": "llama"}), list(page=1, page_size=25)
        Assert.Equal(["llama-bench", "my-job-name"], await NamesAsync("?sort=-created_at", Benchmarks));
        Assert.Equal(["llama-bench"], await NamesAsync("?search[name]=llama", Benchmarks));
        Assert.Equal(["llama-bench"], await NamesAsync("?search=" + Uri.EscapeDataString("""{"name": {"$like": "llama"}}"""), Benchmarks));
        Assert.Equal(2, await CountAsync("?search[created_at][$gt]=2025-01-01T00:00:00"));
        var page = await _http.GetJsonAsync(Benchmarks + "?page=1&page_size=25");
        Assert.Equal(2, page.GetProperty("pagination").GetProperty("total_results").GetInt64());
        Assert.Equal(1, page.GetProperty("pagination").GetProperty("total_pages").GetInt32());
        // for benchmark_job in list(): for metric_result in benchmark_job.results: metric_result.metric, [s.name for s in
        // metric_result.scores]
        var first = page.GetProperty("data")[0].GetProperty("results");
        Assert.Equal(["my-workspace/exact-match:exact-match", "my-workspace/string-check:string-check"], first.EnumerateArray()
            .Select(r => r.GetProperty("metric").GetString() + ":"
                + string.Join(",", r.GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("name").GetString()))));
        // benchmark_job_results.retrieve / delete
        Assert.Equal("llama-bench", (await _http.GetJsonAsync(Benchmarks + "/llama-bench")).GetProperty("name").GetString());
        Assert.Equal(
            "llama-bench", (await (await _http.DeleteAsync(Benchmarks + "/llama-bench")).ReadAsync()).GetProperty("name").GetString());
        Assert.Equal(["my-job-name"], await NamesAsync("", Benchmarks));
        await _http.GetJsonAsync("apis/evaluation/v2/workspaces/my-workspace/benchmark-jobs/llama-bench/results/row-scores/download", 404);
    }

    private async Task<long> CountAsync(string query) =>
        (await _http.GetJsonAsync(Benchmarks + query)).GetProperty("pagination").GetProperty("total_results").GetInt64();
}
