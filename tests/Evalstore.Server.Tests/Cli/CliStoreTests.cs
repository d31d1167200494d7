using System.Text.Json;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Cli;

/// <summary>The CLI verbs that open a database directly, run against each store (one sealed subclass per store).</summary>
public abstract class CliStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private string[] _store = [];

    /// <summary>The options that point the CLI at this class's store.</summary>
    protected abstract Task<string[]> StoreOptionsAsync(TempDirectory directory);

    public async ValueTask InitializeAsync() => _store = await StoreOptionsAsync(_directory);

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<CliRun.Outcome> RunAsync(params string[] args) => CliRun.RunAsync([.. args, .. _store, "--workspace", "cli"]);

    private string WriteRows(string name, IEnumerable<string> lines)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, Rows.Jsonl(lines));
        return path;
    }

    [Fact]
    public async Task Prune_DryRunOnFreshResults_PrunesNothing_AndABadAgeIsAUsageError()
    {
        var file = WriteRows("seed.jsonl", Rows.Seed004);
        Assert.Equal(0, (await RunAsync("import", file, "--name", "fresh", "--model", "m1")).ExitCode);
        var dry = await RunAsync("prune", "--older-than", "90d", "--keep-latest-per", "model,dataset", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Contains("Would prune 0 results", dry.Stderr + dry.Stdout, StringComparison.Ordinal);
        var pruned = await RunAsync("prune", "--older-than", "1d");
        Assert.True(pruned.ExitCode == 0, pruned.Stderr);
        Assert.Contains("Pruned 0 results", pruned.Stderr + pruned.Stdout, StringComparison.Ordinal);
        var bad = await RunAsync("prune", "--older-than", "soon");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("not an age", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("results", "show", "fresh")).ExitCode);
    }

    [Fact]
    public async Task Import_List_Show_Rows_Delete_RoundTrip()
    {
        var file = WriteRows("seed.jsonl", Rows.Seed004);
        var imported = await RunAsync("import", file, "--name", "seed004", "--model", "m1", "--json");
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        using (var report = JsonDocument.Parse(imported.Stdout))
        {
            var result = Assert.Single(report.RootElement.GetProperty("results").EnumerateArray()).GetProperty("result");
            Assert.Equal(5, result.GetProperty("row_count").GetInt64());
            Assert.Equal("completed", result.GetProperty("status").GetString());
        }

        var listed = await RunAsync("results", "list", "--format", "json");
        Assert.Equal(0, listed.ExitCode);
        using (var list = JsonDocument.Parse(listed.Stdout))
        {
            Assert.Equal("seed004", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("name").GetString());
        }

        var shown = await RunAsync("results", "show", "seed004", "--format", "json");
        using (var show = JsonDocument.Parse(shown.Stdout))
        {
            var exact = show.RootElement.GetProperty("scores").EnumerateArray().Single(
                s => s.GetProperty("metric").GetString() == "exact-match");
            Assert.Equal(0.6, exact.GetProperty("mean").GetDouble(), 9);
        }

        var rows = await RunAsync("rows", "seed004", "--where", "exact-match<0.5", "--format", "jsonl");
        Assert.Equal(0, rows.ExitCode);
        var indexes = rows.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("row_index").GetInt64());
        Assert.Equal([0L, 1], indexes);

        Assert.Equal(0, (await RunAsync("results", "delete", "seed004")).ExitCode);
        var gone = await RunAsync("results", "show", "seed004");
        Assert.Equal(3, gone.ExitCode);
        Assert.Contains("No result 'seed004'", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DuplicateName_ExitsWithConflict()
    {
        Assert.Equal(0, (await RunAsync("import", WriteRows("seed.jsonl", Rows.Seed004), "--name", "twice")).ExitCode);
        var again = await RunAsync("import", WriteRows("other.jsonl", Rows.Seed004[..3]), "--name", "twice");
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SameFileAgain_IsRefusedUnlessReplaced()
    {
        // The importer finds earlier imports of a file by the sha256 label it sets: a label filter on the store.
        var file = WriteRows("seed.jsonl", Rows.Seed004);
        Assert.Equal(0, (await RunAsync("import", file, "--name", "first")).ExitCode);
        var again = await RunAsync("import", file, "--name", "second");
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("was imported before as 'first'", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("import", file, "--name", "second", "--replace")).ExitCode);
        using var list = JsonDocument.Parse((await RunAsync("results", "list", "--format", "json")).Stdout);
        Assert.Equal("second", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("name").GetString());
    }

    private string WriteSmallFiles(string folder, int count, int? badAt = null)
    {
        var directory = Directory.CreateDirectory(_directory.File(folder)).FullName;
        for (var i = 0; i < count; i++)
        {
            var lines = Enumerable.Range(0, 3).Select(r => Rows.Synthetic((i * 3) + r, (i + r) % 2, true)).ToList();
            if (i == badAt)
            {
                lines.Add("""{"item": {"x": 1}, "metrics": {}}""");
            }
            File.WriteAllText(Path.Combine(directory, $"run-{i:D4}.jsonl"), Rows.Jsonl(lines));
        }
        return directory;
    }

    [Fact]
    public async Task Import_ADirectoryOfManySmallFiles_GoesInBatches_AllOrNothing()
    {
        // 1 100 files make three batches (at most 500 results each); a bad file in the last one undoes the first two.
        var bad = await RunAsync("import", WriteSmallFiles("bad", 1100, badAt: 1050));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("run-1050.jsonl", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 4", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal("[]", (await RunAsync("results", "list", "--format", "json")).Stdout.Trim());

        var good = await RunAsync("import", WriteSmallFiles("good", 1100), "--json");
        Assert.True(good.ExitCode == 0, good.Stderr);
        using var report = JsonDocument.Parse(good.Stdout);
        var results = report.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 1100).Select(i => $"run-{i:D4}"),
            results.Select(r => r.GetProperty("result").GetProperty("name").GetString()));
        Assert.All(results, r => Assert.Equal(3, r.GetProperty("result").GetProperty("row_count").GetInt64()));

        // Importing the same files again is refused, naming the first one, until --replace.
        var again = await RunAsync("import", _directory.File("good"));
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("run-0000.jsonl was imported before", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadLine_NamesTheFileAndLine()
    {
        var file = WriteRows("bad.jsonl", [Rows.Seed004[0], """{"item": {"x": 1}, "metrics": {}}"""]);
        var outcome = await RunAsync("import", file, "--name", "bad");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("bad.jsonl", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 2", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("[]", (await RunAsync("results", "list", "--format", "json")).Stdout.Trim());
    }
}

/// <summary>The CLI on a SQLite file (<c>--db</c>).</summary>
public sealed class SqliteCliStoreTests : CliStoreTests
{
    protected override Task<string[]> StoreOptionsAsync(TempDirectory directory)
        => Task.FromResult<string[]>(["--db", directory.File("cli.db")]);
}

/// <summary>The CLI on PostgreSQL (<c>--postgres</c>), a fresh schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCliStoreTests(PostgresDatabase database) : CliStoreTests
{
    protected override async Task<string[]> StoreOptionsAsync(TempDirectory directory) => ["--postgres", await database.NewSchemaAsync()];
}
