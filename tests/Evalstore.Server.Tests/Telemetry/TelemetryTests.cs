using System.Net;
using System.Net.Http.Json;
using System.Text;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Telemetry;

/// <summary>
/// Operations over real HTTP on each store: <c>/metrics</c> scraped after real traffic shows the counters moved by
/// exactly that traffic (each test uses its own workspace, an attribute of Evalstore's measurements), and spans
/// reach an OTLP/HTTP receiver on loopback. Instruments are process-wide, so only this test's workspace is counted.
/// </summary>
public abstract class TelemetryTests
{
    protected abstract Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions>? configure = null);

    private static string NewWorkspace() => "tel-" + Guid.NewGuid().ToString("N")[..10];

    private static StringContent Jsonl(int rows, int offset = 0) => new(string.Join('\n', Enumerable.Range(offset, rows).Select(i =>
        $$$"""{"item": {"q": "question {{{i}}}"}, "sample": {"output_text": "a{{{i}}}"}, "metrics": """ +
            $$$"""{"em": [{"name": "em", "value": {{{i % 2}}}}]}}""")),
        Encoding.UTF8, "application/jsonl");

    [Fact]
    public async Task Metrics_AfterIngestCompleteImportAndCompare_CountExactlyThatTraffic()
    {
        await using var server = await StartServerAsync();
        var ws = NewWorkspace();
        var results = $"api/v1/workspaces/{ws}/results";

        Assert.Equal(HttpStatusCode.Created, (await server.Http.PostAsJsonAsync(results, new { name = "base" })).StatusCode);
        foreach (var (rows, offset, key) in new[] { (3, 0, "b1"), (2, 3, "b2"), (2, 3, "b2") })
        {
            using var append = new HttpRequestMessage(HttpMethod.Post, $"{results}/base/rows") { Content = Jsonl(rows, offset) };
            append.Headers.Add("Idempotency-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(append)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync($"{results}/base/complete", null)).StatusCode);
        Assert.True((await server.Http.PostAsync($"api/v1/workspaces/{ws}/imports?name=cand", Jsonl(4))).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await server.Http.GetAsync($"api/v1/workspaces/{ws}/compare?baseline=base&candidate=cand")).StatusCode);

        var scrape = await PrometheusScrape.GetAsync(server.Http);
        var workspace = ("evalstore_workspace", ws);
        // 3 + 2 appended (the replayed second batch adds nothing), 4 imported.
        Assert.Equal(5, scrape.Sum("evalstore_rows_ingested_total", workspace, ("evalstore_operation", "append")));
        Assert.Equal(4, scrape.Sum("evalstore_rows_ingested_total", workspace, ("evalstore_operation", "import")));
        Assert.Equal(3, scrape.Sum("evalstore_ingest_duration_seconds_count", workspace, ("evalstore_operation", "append")));
        Assert.Equal(3, scrape.Sum("evalstore_ingest_duration_seconds_bucket", workspace, ("evalstore_operation", "append"),
            ("le", "+Inf")));
        Assert.True(scrape.Sum("evalstore_ingest_duration_seconds_sum", workspace) > 0);
        // The explicit complete, and the import's own completion.
        Assert.Equal(2, scrape.Sum("evalstore_completion_duration_seconds_count", workspace, ("evalstore_outcome", "ok")));
        Assert.Equal(1, scrape.Sum("evalstore_compare_duration_seconds_count", workspace, ("evalstore_outcome", "ok")));
        Assert.Equal(0, scrape.Sum("evalstore_compare_active", workspace));
        Assert.Contains(scrape.LabelsOf("evalstore_compare_active"), labels => labels.GetValueOrDefault("evalstore_workspace") == ws);
        Assert.Contains(scrape.LabelsOf("evalstore_store_size_bytes"), labels => labels.ContainsKey("db_system_name"));
        Assert.True(scrape.Sum("evalstore_store_size_bytes", ("db_namespace", StoreName(server))) > 0, scrape.Text);
        // ASP.NET Core's own request metrics come along.
        Assert.True(scrape.Sum("http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/workspaces/{workspace}/results/{result}/rows")) >= 3, scrape.Text);
    }

    [Fact]
    public async Task Metrics_NeedAnAdminKey_OnceKeysExist_AndCountTheRefusals()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var server = await StartServerAsync(o => o with { Clock = clock });
        var before = await PrometheusScrape.GetAsync(server.Http); // keyless loopback server: open
        var ws = NewWorkspace();
        var admin = await server.Store.CreateKeyAsync(ws, KeyRole.Admin);
        var reader = await server.Store.CreateKeyAsync(ws, KeyRole.Read);
        clock.Advance(TimeSpan.FromSeconds(2)); // the server re-reads "any keys?" at most once a second

        using (var anonymous = await server.Http.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using var readOnly = server.HttpWithKey(reader.Secret);
        using (var forbidden = await readOnly.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Contains("admin key", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var adminHttp = server.HttpWithKey(admin.Secret);
        var after = await PrometheusScrape.GetAsync(adminHttp);
        foreach (var status in new[] { "401", "403" })
        {
            var code = ("http_response_status_code", status);
            Assert.True(after.Sum("evalstore_auth_failures_total", code) >= before.Sum("evalstore_auth_failures_total", code) + 1,
                after.Text);
        }
    }

    [Fact]
    public async Task Spans_ReachAnOtlpReceiverOnLoopback_WhenTheEndpointIsSet()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await StartServerAsync(options => options with
        {
            Settings = new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            },
        });
        var ws = NewWorkspace();
        Assert.True((await server.Http.PostAsync($"api/v1/workspaces/{ws}/imports?name=traced", Jsonl(3))).IsSuccessStatusCode);

        var ingest = await receiver.WaitForSpanAsync(
            s => s.Name == "evalstore.ingest" && s.Attributes.GetValueOrDefault("evalstore.workspace") == ws,
            "evalstore.ingest of this workspace");
        Assert.Equal("3", ingest.Attributes["evalstore.rows"]);
        Assert.Equal("import", ingest.Attributes["evalstore.operation"]);
        Assert.Equal("evalstore", ingest.Resource["service.name"]);
        await receiver.WaitForSpanAsync(s => s.Name == "evalstore.complete" && s.Attributes.GetValueOrDefault("evalstore.workspace") == ws,
            "evalstore.complete of this workspace");
        var request = await receiver.WaitForSpanAsync(s => s.Attributes.GetValueOrDefault("url.path") == $"/api/v1/workspaces/{ws}/imports",
            "for the import request");
        Assert.Equal("POST", request.Attributes["http.request.method"]);
        Assert.Equal("/api/v1/workspaces/{workspace}/imports", request.Attributes["http.route"]);
    }

    private static string StoreName(TestServer server) => server.Store switch
    {
        Server.Storage.Sqlite.SqliteStore sqlite => sqlite.DatabasePath,
        Server.Storage.Postgres.PostgresStore postgres => postgres.DisplayName,
        var other => other.GetType().Name,
    };
}

/// <summary>Operations over SQLite.</summary>
public sealed class SqliteTelemetryTests : TelemetryTests
{
    protected override Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions>? configure = null) =>
        TestServer.StartAsync(configure: configure);
}

/// <summary>Operations over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTelemetryTests(PostgresDatabase database) : TelemetryTests
{
    protected override Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions>? configure = null) =>
        database.StartServerAsync(configure);
}
