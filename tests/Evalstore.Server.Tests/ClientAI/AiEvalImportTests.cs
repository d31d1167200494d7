using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Server.Tests.Cli;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.ClientAI;

/// <summary>
/// <c>evalstore import</c> of an aieval disk result store: each execution one result (named after it, labelled with it),
/// each scenario an item, its iterations trials; on a SQLite file, on PostgreSQL and through a loopback server.
/// </summary>
public abstract class AiEvalImportTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private string[] _store = [];

    protected abstract Task<string[]> StoreOptionsAsync(TempDirectory directory);

    public async ValueTask InitializeAsync() => _store = await StoreOptionsAsync(_directory);

    public virtual ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<CliRun.Outcome> RunAsync(params string[] args) => CliRun.RunAsync([.. args, .. _store, "--workspace", "aieval"]);

    private string WriteStore()
    {
        var root = _directory.File("eval-storage");
        var created = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
        JsonObject Metrics(double relevance, bool grounded, string? error = null) => new()
        {
            ["Relevance"] = AiEvalDiskStore.Numeric("Relevance", relevance, relevance >= 4 ? "good" : "poor", relevance < 4, "on topic"),
            ["Grounded"] = AiEvalDiskStore.Boolean("Grounded", error is null ? grounded : null, error),
        };
        foreach (var (execution, shift) in new[] { ("20261130T0900", 0.0), ("20261201T0900", 1.0) })
        {
            AiEvalDiskStore.Write(root, execution, "Tests.Capital", "1", "Capital of France?", "Paris", Metrics(4 + shift, true), created,
                "nightly");
            AiEvalDiskStore.Write(root, execution, "Tests.Capital", "2", "Capital of France?", "Paris.", Metrics(3 + shift, true), created);
            AiEvalDiskStore.Write(root, execution, "Tests.Sum", "1", "What is 2+2?", "5", Metrics(2 + shift, false, "judge timed out"),
                created);
            created = created.AddDays(1);
        }
        return root;
    }

    [Fact]
    public async Task Import_MakesOneResultPerExecution_ScenariosAsItems_IterationsAsTrials()
    {
        var root = WriteStore();
        var imported = await RunAsync("import", root, "--json");
        Assert.True(imported.ExitCode == 0, imported.Stderr + imported.Stdout);
        using (var report = JsonDocument.Parse(imported.Stdout))
        {
            var results = report.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(["20261130T0900", "20261201T0900"], results.Select(r => r.GetProperty("result").GetProperty("name").GetString()));
            Assert.All(results, r => Assert.Equal("aieval", r.GetProperty("format").GetString()));
        }

        var shown = await RunAsync("results", "show", "20261130T0900", "--format", "json");
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        using (var show = JsonDocument.Parse(shown.Stdout))
        {
            var result = show.RootElement;
            Assert.Equal(3, result.GetProperty("row_count").GetInt64());
            Assert.Equal(2, result.GetProperty("item_count").GetInt64());
            Assert.Equal("gpt-test", result.GetProperty("model").GetString());
            Assert.Equal("evaluation", result.GetProperty("kind").GetString());
            var labels = result.GetProperty("labels");
            Assert.Equal("20261130T0900", labels.GetProperty("aieval_execution").GetString());
            Assert.Equal("aieval", labels.GetProperty("source_format").GetString());
            Assert.Equal("nightly", labels.GetProperty("aieval_tags").GetString());
            JsonElement Score(string metric, string name) => result.GetProperty("scores").EnumerateArray()
                .Single(s => s.GetProperty("metric").GetString() == metric && s.GetProperty("name").GetString() == name);
            Assert.Equal(3.0, Score("Relevance", "Relevance").GetProperty("mean").GetDouble(), 9);
            Assert.Equal("rubric", Score("Relevance", "rating").GetProperty("score_type").GetString());
            Assert.Equal(1, Score("Relevance", "passed").GetProperty("pass_count").GetInt64());
            var grounded = Score("Grounded", "Grounded");
            Assert.Equal("binary", grounded.GetProperty("score_type").GetString());
            Assert.Equal(1, grounded.GetProperty("nan_count").GetInt64());
        }

        var rows = await RunAsync("rows", "20261130T0900", "--format", "jsonl");
        Assert.True(rows.ExitCode == 0, rows.Stderr);
        var lines = rows.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([(0L, 0, "1"), (0L, 1, "2"), (1L, 0, "1")], lines.Select(l => (l.GetProperty("row_index").GetInt64(),
            l.GetProperty("trial").GetInt32(),
            l.GetProperty("labels").GetProperty("aieval.iteration").GetString())));
        Assert.Equal("Tests.Capital", lines[0].GetProperty("item").GetProperty("scenario").GetString());
        Assert.Equal("Capital of France?", lines[0].GetProperty("item").GetProperty("input").GetString());
        Assert.Equal("Paris.", lines[1].GetProperty("sample").GetProperty("output_text").GetString());
        Assert.Equal("judge timed out", lines[2].GetProperty("metric_errors").GetProperty("Grounded").GetString());
        Assert.Equal("below 4", lines[2].GetProperty("metrics").GetProperty("Relevance")[1].GetProperty("reasoning").GetString());
        Assert.Equal(7, lines[0].GetProperty("usage").GetProperty("input_tokens").GetInt64());

        // The same scenario joins across executions by its row digest: compare pairs both items.
        var compared = await RunAsync("compare", "20261130T0900", "20261201T0900", "--metric", "Relevance", "--format", "json");
        Assert.True(compared.ExitCode == 0, compared.Stderr);
        using var comparison = JsonDocument.Parse(compared.Stdout);
        Assert.Equal(2, comparison.RootElement.GetProperty("candidates")[0].GetProperty("matched_items").GetInt64());
    }

    [Fact]
    public async Task ImportingAgain_IsAConflict_UnlessReplacing()
    {
        var root = WriteStore();
        Assert.Equal(0, (await RunAsync("import", root)).ExitCode);
        var again = await RunAsync("import", root);
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("--replace", again.Stderr, StringComparison.Ordinal);
        var replaced = await RunAsync("import", root, "--replace", "--json");
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
        using var report = JsonDocument.Parse(replaced.Stdout);
        Assert.Equal(2, report.RootElement.GetProperty("replaced").GetArrayLength());
        var named = await RunAsync("import", root, "--name", "one");
        Assert.Equal(2, named.ExitCode);
        Assert.Contains("2 executions", named.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>The aieval import into a SQLite file.</summary>
public sealed class SqliteAiEvalImportTests : AiEvalImportTests
{
    protected override Task<string[]> StoreOptionsAsync(TempDirectory directory) =>
        Task.FromResult<string[]>(["--db", directory.File("aieval.db")]);
}

/// <summary>The aieval import into PostgreSQL (a fresh schema).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAiEvalImportTests(PostgresDatabase database) : AiEvalImportTests
{
    protected override async Task<string[]> StoreOptionsAsync(TempDirectory directory) => ["--postgres", await database.NewSchemaAsync()];
}

/// <summary>The aieval import through a loopback server (over SQLite).</summary>
public sealed class ServerAiEvalImportTests : AiEvalImportTests
{
    private TestServer? _server;

    protected override async Task<string[]> StoreOptionsAsync(TempDirectory directory)
    {
        _server = await TestServer.StartAsync();
        return ["--server", _server.BaseAddress.ToString()];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
