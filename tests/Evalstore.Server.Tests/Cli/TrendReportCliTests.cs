using System.Text.Json;
using Evalstore.Server.Tests.Api;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Cli;

/// <summary>
/// <c>evalstore trends</c>, <c>evalstore gate</c> (stored) and <c>evalstore report</c> on a database (each store): the same
/// 0.60 → 0.54 regression (exact McNemar p = 0.00048828125) as the API tests.
/// </summary>
public abstract class TrendReportCliTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private string[] _store = [];

    protected abstract Task<string[]> StoreOptionsAsync(TempDirectory directory);

    public async ValueTask InitializeAsync() => _store = await StoreOptionsAsync(_directory);

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<CliRun.Outcome> RunAsync(params string[] args) => CliRun.RunAsync([.. args, .. _store, "--workspace", "cli"]);

    private async Task ImportAsync(string name, int passing)
    {
        var path = _directory.File(name + ".jsonl");
        await File.WriteAllTextAsync(path, Rows.Jsonl(TrendReportTests.Lines(name, passing)));
        var outcome = await RunAsync("import", path, "--name", name, "--model", "m1", "--dataset", "qa", "--project", "search");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
    }

    [Fact]
    public async Task Trends_Gate_Report_OnTheDatabase()
    {
        await ImportAsync("week-1", 120);
        await ImportAsync("week-2", 108);

        var trends = await RunAsync("trends", "--score", "acc", "--dataset", "qa", "--format", "json");
        Assert.True(trends.ExitCode == 0, trends.Stderr);
        using (var json = JsonDocument.Parse(trends.Stdout))
        {
            var step = json.RootElement.GetProperty("points")[1].GetProperty("step");
            Assert.Equal("regression", step.GetProperty("change").GetString());
            Assert.Equal(0.00048828125, step.GetProperty("p").GetDouble(), 15);
            Assert.Equal("mcnemar-exact", step.GetProperty("test").GetString());
        }
        var table = await RunAsync("trends", "--score", "acc", "--dataset", "qa");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("regression", table.Stdout, StringComparison.Ordinal);

        var gate = await RunAsync("gate", "week-2", "--baseline", "week-1", "--max-drop", "0.01");
        Assert.Equal(1, gate.ExitCode);

        var md = await RunAsync("report", "--since", "7d", "--format", "md");
        Assert.True(md.ExitCode == 0, md.Stderr);
        Assert.Contains("## Project search", md.Stdout, StringComparison.Ordinal);
        Assert.Contains("**regression**", md.Stdout, StringComparison.Ordinal);
        Assert.Contains("| 0.000488 |", md.Stdout, StringComparison.Ordinal);
        Assert.Contains("**FAILED**", md.Stdout, StringComparison.Ordinal);

        var file = _directory.File("report.html");
        var html = await RunAsync("report", "--since", "24h", "--project", "search", "--format", "html", "-o", file);
        Assert.True(html.ExitCode == 0, html.Stderr);
        var body = await File.ReadAllTextAsync(file);
        Assert.Contains("class=\"regression\">regression", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);

        var bad = await RunAsync("report", "--since", "yesterday");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'since'", bad.Stderr, StringComparison.Ordinal);
        var noSeries = await RunAsync("trends", "--score", "acc");
        Assert.Equal(2, noSeries.ExitCode);
        Assert.Contains("Name the series", noSeries.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>On a SQLite file (<c>--db</c>).</summary>
public sealed class SqliteTrendReportCliTests : TrendReportCliTests
{
    protected override Task<string[]> StoreOptionsAsync(TempDirectory directory)
        => Task.FromResult<string[]>(["--db", directory.File("cli.db")]);
}

/// <summary>On PostgreSQL (<c>--postgres</c>), a fresh schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrendReportCliTests(PostgresDatabase database) : TrendReportCliTests
{
    protected override async Task<string[]> StoreOptionsAsync(TempDirectory directory) => ["--postgres", await database.NewSchemaAsync()];
}
