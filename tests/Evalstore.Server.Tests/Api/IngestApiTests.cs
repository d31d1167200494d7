using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// The native ingest API over real loopback HTTP: every bad input gets the right 4xx and changes nothing, on each store
/// (one sealed subclass per store).
/// </summary>
public abstract class IngestApiTests : PerStoreServerTests
{
    private const string Results = "api/v1/workspaces/default/results";

    /// <summary>Small line and document limits, so that the limit tests need not send megabytes.</summary>
    protected static ServerOptions SmallLimits(ServerOptions options)
        => options with { MaxLineBytes = 64 * 1024, MaxJsonBytes = 64 * 1024 };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var created = await Server.Http.PostAsJsonAsync(Results, new { name = "run", model = "m" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> AppendAsync(byte[] body, string result = "run")
    {
        using var content = new ByteArrayContent(body);
        using var response = await Server.Http.PostAsync($"{Results}/{result}/rows", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<long> RowCountAsync() =>
        (await Server.Http.GetFromJsonAsync<JsonElement>($"{Results}/run")).GetProperty("row_count").GetInt64();

    public static TheoryData<string, string, int, string> BadLines => new()
    {
        { "malformed JSON", """{"item": {"x": 1}, "sample": {}, "metrics": {""", 400, "malformed JSON" },
        { "not an object", """[1, 2, 3]""", 400, "expected a JSON object" },
        { "missing item", """{"sample": {}, "metrics": {}}""", 400, "'item' is required" },
        { "missing sample", """{"item": {"x": 1}, "metrics": {}}""", 400, "'sample' is required" },
        { "missing metrics", """{"item": {"x": 1}, "sample": {}}""", 400, "'metrics' is required" },
        { "metrics not a list", """{"item": {"x": 1}, "sample": {}, "metrics": {"m": 1}}""", 400, "must be a list" },
        { "score without value", """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m"}]}}""", 400, "value' is required" },
        { "object score", """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": {"a": 1}}]}}""", 400,
            "number, boolean, string or null" },
        { "bare Infinity", """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": Infinity}]}}""", 400, "Infinity" },
        { "string Infinity", """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": "-Infinity"}]}}""", 400,
            "Infinity" },
        { "overflowing number", """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": 1e999}]}}""", 400,
            "not a finite number" },
        { "negative row_index", """{"row_index": -1, "item": {"x": 1}, "sample": {}, "metrics": {}}""", 400, "row_index" },
        { "string trial", """{"trial": "0", "item": {"x": 1}, "sample": {}, "metrics": {}}""", 400, "trial" },
        { "sample as string", """{"item": {"x": 1}, "sample": "out", "metrics": {}}""", 400, "'sample' must be an object" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task Append_BadLine_IsRejectedWithItsLineNumberAndNothingIsStored(string why, string badLine, int status, string expected)
    {
        var body = Encoding.UTF8.GetBytes(Rows.Jsonl([Rows.Seed004[0], Rows.Seed004[1], badLine]));
        var (code, problem) = await AppendAsync(body);
        Assert.True((int)code == status, $"{why}: expected {status}, got {(int)code}");
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("line 3", detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Equal(3, problem.GetProperty("line").GetInt64());
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Append_InvalidUtf8_IsBadRequest()
    {
        var line = Encoding.UTF8.GetBytes("""{"item": {"x": "A"}, "sample": {}, "metrics": {}}""");
        line[14] = 0xC3; // a lead byte followed by '"' is not UTF-8
        var (code, problem) = await AppendAsync([.. Encoding.UTF8.GetBytes(Rows.Seed004[0] + "\n"), .. line]);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("line 2", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Append_HugeLine_IsContentTooLarge()
    {
        var huge = $$$"""{"item": {"x": "{{{new string('a', 100 * 1024)}}}"}, "sample": {}, "metrics": {}}""";
        var (code, problem) = await AppendAsync(Encoding.UTF8.GetBytes(Rows.Jsonl([Rows.Seed004[0], huge])));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, code);
        Assert.Contains("line 2", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Append_DeepNesting_IsBadRequest()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var (code, problem) = await AppendAsync(Encoding.UTF8.GetBytes($$$"""{"item": {"x": {{{deep}}}}, "sample": {}, "metrics": {}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("depth", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Append_UnknownRun_IsNotFound()
    {
        var (code, problem) = await AppendAsync(Encoding.UTF8.GetBytes(Rows.Jsonl(Rows.Seed004)), "no-such-run");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Contains("no-such-run", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_AfterCompletion_IsConflictAndTheResultIsUnchanged()
    {
        Assert.Equal(HttpStatusCode.OK, (await AppendAsync(Encoding.UTF8.GetBytes(Rows.Jsonl(Rows.Seed004)))).Status);
        using var complete = await Server.Http.PostAsync($"{Results}/run/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var (code, _) = await AppendAsync(Encoding.UTF8.GetBytes(Rows.Jsonl([Rows.Synthetic(10, 1, true)])));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal(5, await RowCountAsync());
    }

    [Fact]
    public async Task Append_RetriedBatchWithIdempotencyKey_IsStoredOnce()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Rows.Jsonl(Rows.Seed004)));
            content.Headers.Add("Idempotency-Key", "batch-0001");
            using var response = await Server.Http.PostAsync($"{Results}/run/rows", content);
            var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(attempt > 0, outcome.GetProperty("replayed").GetBoolean());
            Assert.Equal(5, outcome.GetProperty("total_rows").GetInt64());
        }
        Assert.Equal(5, await RowCountAsync());
    }

    [Fact]
    public async Task Create_DuplicateNameOrBadBody_AreConflictAndBadRequest()
    {
        using var duplicate = await Server.Http.PostAsJsonAsync(Results, new { name = "run" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using var typo =
            await Server.Http.PostAsync(Results, new StringContent("""{"name": "x", "modle": "m"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("modle", await typo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var wrongType = await Server.Http.PostAsync(Results, new StringContent("""{"name": 5}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        using var tooBig = await Server.Http.PostAsync(
            Results, new StringContent($$"""{"name": "{{new string('x', 70 * 1024)}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        var list = await Server.Http.GetFromJsonAsync<JsonElement>(Results);
        Assert.Equal(1, list.GetProperty("pagination").GetProperty("total_results").GetInt64());
    }

    [Theory]
    [InlineData("filter=name~")]
    [InlineData("filter=%7B%22name%22%3A")]
    [InlineData("filter=colour:%22red%22")]
    [InlineData("filter[created_at][$like]=2025")]
    [InlineData("sort=colour")]
    [InlineData("page_size=0")]
    [InlineData("pagesize=10")]
    public async Task List_BadFilterSortOrParameter_IsBadRequest(string query)
    {
        using var response = await Server.Http.GetAsync($"{Results}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task OpenApiAndHealth_AreServed()
    {
        using var health = await Server.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var openApi = await Server.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/workspaces/{workspace}/results/{result}/rows", out _));
        Assert.True(paths.TryGetProperty("/api/v1/workspaces/{workspace}/compare", out _));
    }
}

/// <summary>The ingest API over SQLite.</summary>
public sealed class SqliteIngestApiTests : IngestApiTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync(configure: SmallLimits);
}

/// <summary>The ingest API over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIngestApiTests(PostgresDatabase database) : IngestApiTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync(SmallLimits);
}
