using System.Net;
using System.Text.Json;
using Evalstore.Cli.Commands;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary><c>evalstore score</c> against a database file and a server, and the server's job endpoint.</summary>
public sealed class ScoreCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private string Outputs()
    {
        var path = _directory.File("outputs.jsonl");
        File.WriteAllLines(path, Rows.Seed004.Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return JsonSerializer.Serialize(
                new { item = row.RootElement.GetProperty("item"), sample = row.RootElement.GetProperty("sample") });
        }));
        return path;
    }

    [Theory]
    [InlineData("db")]
    [InlineData("server")]
    public async Task Score_ReproducesTheSeed004Table(string target)
    {
        string[] where = target == "db" ? ["--db", _directory.File("s.db")] : ["--server", _server.BaseAddress.ToString()];
        var outcome =
            await CliRunner.RunAsync(["score", Outputs(), "--name", "my-job-name", "--metric", "exact-match", "--metric", "string-check",
            "--model", "m", "--format", "json", .. where]);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var result = JsonDocument.Parse(outcome.Out);
        Assert.Equal("benchmark", result.RootElement.GetProperty("kind").GetString());
        var scores = result.RootElement.GetProperty("scores").EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetString()!);
        Assert.Equal(0.6, scores["exact-match"].GetProperty("mean").GetDouble(), 9);
        Assert.Equal(0.49, Math.Round(scores["exact-match"].GetProperty("std_dev").GetDouble(), 2));
        Assert.Equal(0.8, scores["string-check"].GetProperty("mean").GetDouble(), 9);
        Assert.Equal(0.40, Math.Round(scores["string-check"].GetProperty("std_dev").GetDouble(), 2));
    }

    [Fact]
    public async Task Score_UnknownMetricOrRowWithoutSample_IsAUsageError()
    {
        var unknown = await CliRunner.RunAsync("score", Outputs(), "--name", "x", "--metric", "accuracy", "--db", _directory.File("s.db"));
        Assert.Equal(ExitCodes.UsageError, unknown.ExitCode);
        Assert.Contains("exact-match", unknown.Err, StringComparison.Ordinal);
        var bad = _directory.File("bad.jsonl");
        File.WriteAllText(bad, "{\"item\": {\"reference\": \"4\"}}\n");
        var missing = await CliRunner.RunAsync("score", bad, "--name", "x", "--metric", "f1", "--db", _directory.File("s.db"));
        Assert.Equal(ExitCodes.UsageError, missing.ExitCode);
        Assert.Contains("line 1", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobEndpoint_ScoresABodyAndRefusesJudgesTheOperatorDidNotAllow()
    {
        using var body = new StringContent(File.ReadAllText(Outputs()));
        using var created = await _server.Http.PostAsync("api/v1/workspaces/default/jobs?name=job&metric=exact-match", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var refused = await _server.Http.PostAsync(
            "api/v1/workspaces/default/jobs?name=judged&metrics="
                + Uri.EscapeDataString("""[{"type": "llm-judge", "url": "http://127.0.0.1:9/v1/chat/completions"}]"""),
            new StringContent(File.ReadAllText(Outputs())));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("--allow-judge", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await _server.Store.GetResultAsync("default", "judged"));
    }
}
