using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Telemetry;

/// <summary>
/// <c>evalstore serve</c> as an operator runs it, in its own process: the standard <c>OTEL_*</c> environment variables
/// turn on OTLP export, and <c>--log-format json</c> makes every stdout line a JSON log event.
/// </summary>
public sealed class ServeProcessTelemetryTests
{
    [Fact]
    public async Task Serve_WithOtelVariablesAndJsonLogs_ExportsSpansAndWritesOnlyJsonLines()
    {
        using var directory = new TempDirectory();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await ServerProcess.StartAsync(
            ["serve", "--db", directory.File("evalstore.db"), "--urls", "http://127.0.0.1:0", "--log-format", "json"],
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
                ["OTEL_SERVICE_NAME"] = "evalstore-ci",
            });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.Created,
            (await http.PostAsJsonAsync("api/v1/workspaces/default/results", new { name = "from-process" })).StatusCode);
        using (var missing = await http.GetAsync("api/v1/workspaces/default/results/nope"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var span = await receiver.WaitForSpanAsync(s => s.Attributes.GetValueOrDefault("url.path") == "/api/v1/workspaces/default/results",
            "for the create request");
        Assert.Equal("evalstore-ci", span.Resource["service.name"]);
        Assert.Equal("201", span.Attributes["http.response.status_code"]);
        for (var i = 0; i < 100 && receiver.MetricExports == 0; i++)
        {
            await Task.Delay(100);
        }
        Assert.True(receiver.MetricExports > 0, "no OTLP metrics export arrived in 10 s");

        var lines = server.StandardOutput;
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line); // throws on any line that is not one JSON object
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Timestamp", out var timestamp), line);
            Assert.EndsWith("Z", timestamp.GetString(), StringComparison.Ordinal);
        }
        Assert.Contains(lines, line => line.Contains("Evalstore is serving", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Now listening on", StringComparison.Ordinal));
    }
}
