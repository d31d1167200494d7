using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// What a store does for many results (issue 15), on both engines: the keyset stream the vendor surfaces read, the
/// latest completed result per model the leaderboard reads, and retention (prune). A fake clock ages the results.
/// </summary>
public abstract partial class ScaleContractTests : IAsyncLifetime
{
    private const string Ws = "team-a";
    private IServerStore? _store;

    protected FakeClock Clock { get; } = new();

    protected IServerStore Store => _store ?? throw new InvalidOperationException("store not opened");

    protected abstract Task<IServerStore> OpenStoreAsync();

    protected virtual Task CloseStoreAsync() => Task.CompletedTask;

    /// <summary>Runs SQL on the store's database directly (the store closed), as an older version would have left it.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    /// <summary>What the store's integrity check (<c>evalstore check</c>) finds wrong; empty when every invariant holds.</summary>
    protected abstract Task<IReadOnlyList<string>> IntegrityProblemsAsync();

    /// <summary>Closes the store, runs raw SQL on its database, and opens it again (its migrations run again).</summary>
    private async Task ReopenAfterAsync(string sql)
    {
        await Store.DisposeAsync();
        _store = null;
        await ExecuteRawAsync(sql);
        _store = await OpenStoreAsync();
    }

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        await CloseStoreAsync();
    }

    private static string Line(int index, double value) => "{\"row_index\": " + index + ", \"item\": {\"input\": \"q" + index
        + "\"}, \"sample\": {}, \"metrics\": {\"acc\": [{\"name\": \"acc\", \"value\": " + value + "}]}}";

    /// <summary>A completed result one minute after the previous one.</summary>
    private async Task<ResultInfo> ImportAsync(string name, string? model = null, string? dataset = null, string workspace = Ws,
        string? benchmark = null)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        return await Store.ImportResultAsync(workspace,
            new RunSpec { Name = name, Model = model, Dataset = dataset, Benchmark = benchmark }, Rows.Parse([Line(0, 1), Line(1, 0)]));
    }

    private async Task<ResultInfo> FailedAsync(string name, string? model, string? dataset)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var created = await Store.CreateResultAsync(Ws, new RunSpec { Name = name, Model = model, Dataset = dataset });
        return await Store.FailResultAsync(Ws, created.Id, "boom");
    }

    private async Task<List<string>> LiveNamesAsync() =>
        await Store.StreamResultsAsync(Ws, null).Select(r => r.Name).ToListAsync();

    [Fact]
    public async Task Stream_WhileResultsAreInsertedAndDeleted_YieldsEveryLongLivedResultOnceAndNoDeletedOne()
    {
        // Three keyset batches and a half, so the walk crosses batch boundaries while the workspace changes under it.
        var count = SqlStoreBatch * 3 + SqlStoreBatch / 2;
        var created = new List<ResultInfo>();
        for (var i = 0; i < count; i++)
        {
            created.Add(await Store.CreateResultAsync(Ws, new RunSpec { Name = $"r{i:D5}", Model = $"m{i % 7}" }));
        }
        await Store.CreateResultAsync("team-b", new RunSpec { Name = "elsewhere" });
        var deletedAhead = created.Where((_, i) => i % 5 == 0 && i > SqlStoreBatch).Select(r => r.Id).ToHashSet();
        var seen = new List<Guid>();
        var inserted = new List<Guid>();
        await foreach (var result in Store.StreamResultsAsync(Ws, null))
        {
            seen.Add(result.Id);
            if (seen.Count == SqlStoreBatch / 2)
            {
                // Mid-walk: delete results not yet read, and add new ones (which come after every key read so far).
                foreach (var id in deletedAhead)
                {
                    Assert.True(await Store.DeleteResultAsync(Ws, id));
                }
                for (var i = 0; i < 30; i++)
                {
                    inserted.Add((await Store.CreateResultAsync(Ws, new RunSpec { Name = $"late{i}" })).Id);
                }
            }
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var expected = created.Select(r => r.Id).Where(id => !deletedAhead.Contains(id)).Concat(inserted).ToList();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Stream_SkipsAndFilters()
    {
        for (var i = 0; i < 12; i++)
        {
            await Store.CreateResultAsync(Ws, new RunSpec { Name = $"r{i:D2}", Model = i % 2 == 0 ? "even" : "odd" });
        }
        var odd = await Store.StreamResultsAsync(Ws, new FieldFilter("model", FilterOperator.Eq, ["odd"]), skip: 2)
            .Select(r => r.Name).ToListAsync();
        Assert.Equal(["r05", "r07", "r09", "r11"], odd);
        Assert.Empty(await Store.StreamResultsAsync(Ws, null, skip: 12).ToListAsync());
    }

    [Fact]
    public async Task LatestPerModel_FollowsDeletesPrunesAndFailures()
    {
        await ImportAsync("a1", "a", "d");
        var a2 = await ImportAsync("a2", "a", "d");
        var b1 = await ImportAsync("b1", "b", "d");
        await ImportAsync("other-dataset", "b", "e");
        await FailedAsync("a3-failed", "a", "d");
        var c1 = await ImportAsync("c1", "c", "d");
        var noModel = await ImportAsync("no-model", null, "d");
        var completedInD = new AndFilter([
            new FieldFilter("status", FilterOperator.Eq, ["completed"]), new FieldFilter("dataset", FilterOperator.Eq, ["d"])]);

        async Task<List<string>> Latest() => (await Store.LatestPerModelAsync(Ws, completedInD)).Select(r => r.Name).ToList();

        // Newest first, one per model; the failed a3 is not completed, so a2 stays a's latest.
        Assert.Equal([noModel.Name, c1.Name, b1.Name, a2.Name], await Latest());
        await Store.DeleteResultAsync(Ws, a2.Id);
        Assert.Equal(["no-model", "c1", "b1", "a1"], await Latest());
        await Store.DeleteResultAsync(Ws, c1.Id);
        Assert.Equal(["no-model", "b1", "a1"], await Latest());
        await Store.PruneAsync(Ws, new PruneRequest { Before = b1.CreatedAt });
        Assert.Equal(["no-model", "b1"], await Latest());
    }

    [Fact]
    public async Task Prune_DeletesFinishedResultsBeforeTheCutoffKeepingTheLatestPerGroup()
    {
        var old = new List<ResultInfo>();
        for (var i = 0; i < 4; i++)
        {
            old.Add(await ImportAsync($"old-a-d-{i}", "a", "d"));
        }
        old.Add(await ImportAsync("old-a-e", "a", "e"));
        old.Add(await ImportAsync("old-b-d", "b", "d"));
        var failed = await FailedAsync("old-failed", "c", "d");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var running = await Store.CreateResultAsync(Ws, new RunSpec { Name = "old-running", Model = "a", Dataset = "d" });
        await ImportAsync("other-workspace", "a", "d", workspace: "team-b");
        Clock.Advance(TimeSpan.FromDays(100));
        await ImportAsync("new-b-d", "b", "d");
        var before = Clock.GetUtcNow() - TimeSpan.FromDays(90);
        var keep = new[] { "model", "dataset" };

        var dry = await Store.PruneAsync(Ws, new PruneRequest { Before = before, KeepLatestPer = keep, DryRun = true });
        Assert.Equal((5L, 0L, true), (dry.Matched, dry.Deleted, dry.DryRun));
        Assert.Equal(9, (await LiveNamesAsync()).Count);

        var pruned = await Store.PruneAsync(Ws, new PruneRequest { Before = before, KeepLatestPer = keep });
        // a×d keeps its latest (old-a-d-3), a×e its only one; b×d has a newer result, so old-b-d goes; the failed goes,
        // the running stays, another workspace is untouched.
        Assert.Equal((5L, 5L), (pruned.Matched, pruned.Deleted));
        Assert.Equal(["old-a-d-3", "old-a-e", "old-running", "new-b-d"], await LiveNamesAsync());
        Assert.Null(await Store.GetResultAsync(Ws, failed.Id.ToString()));
        Assert.Null(await Store.GetResultAsync(Ws, old[0].Id.ToString()));
        Assert.Single(await Store.StreamResultsAsync("team-b", null).ToListAsync());
        Assert.Equal(running.Id, (await Store.GetResultAsync(Ws, "old-running"))!.Id);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var all = await Store.PruneAsync(Ws, new PruneRequest { Before = Clock.GetUtcNow() });
        Assert.Equal(3L, all.Deleted);
        Assert.Equal(["old-running"], await LiveNamesAsync());
    }

    [Fact]
    public async Task Prune_ManyResults_DeletesInSeveralBoundedBatches()
    {
        var count = SqlStorePruneBatch * 2 + 7;
        for (var i = 0; i < count; i++)
        {
            await FailedAsync($"r{i:D4}", $"m{i % 3}", "d");
        }
        await ImportAsync("kept", "m0", "d");
        var report = await Store.PruneAsync(Ws, new PruneRequest { Before = Clock.GetUtcNow() });
        Assert.Equal(count, report.Deleted);
        Assert.Equal(["kept"], await LiveNamesAsync());
    }

    [Fact]
    public async Task Prune_UnknownGroup_IsBadRequest()
    {
        var error = await Assert.ThrowsAsync<EvalstoreException>(
            () => Store.PruneAsync(Ws, new PruneRequest { Before = Clock.GetUtcNow(), KeepLatestPer = ["model; DROP TABLE results"] }));
        Assert.Equal(400, error.Status);
    }

    private static int SqlStoreBatch => Evalstore.Server.Storage.Sql.SqlStore.StreamBatch;

    private static int SqlStorePruneBatch => Evalstore.Server.Storage.Sql.SqlStore.PruneBatch;
}

/// <summary>The scale contract on a real SQLite file.</summary>
public sealed class SqliteScaleContractTests : ScaleContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IServerStore> OpenStoreAsync() => await SqliteStore.OpenAsync(_directory.File("store.db"), clock: Clock);

    protected override Task<IReadOnlyList<string>> IntegrityProblemsAsync() =>
        SqliteHealth.CheckAsync(_directory.File("store.db"), TestContext.Current.CancellationToken);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_directory.File("store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task CloseStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The scale contract on a real PostgreSQL database (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresScaleContractTests(PostgresDatabase database) : ScaleContractTests
{
    private string? _connectionString;

    protected override async Task<IServerStore> OpenStoreAsync() =>
        await PostgresStore.OpenAsync(_connectionString ??= await database.NewSchemaAsync(), clock: Clock);

    protected override Task<IReadOnlyList<string>> IntegrityProblemsAsync() => ((PostgresStore)Store).CheckIntegrityAsync();

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
