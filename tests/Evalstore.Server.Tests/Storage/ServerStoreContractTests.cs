using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// What every server store (SQLite, PostgreSQL) must do beyond <see cref="IEvalStore"/>: item occurrences here,
/// side documents and score items in the other parts. One sealed subclass per store.
/// </summary>
public abstract partial class ServerStoreContractTests : IAsyncLifetime
{
    private const string Ws = "team-a";
    private IServerStore? _store;

    protected IServerStore Store => _store ?? throw new InvalidOperationException("store not opened");

    protected abstract Task<IServerStore> OpenStoreAsync();

    protected virtual Task CloseStoreAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        await CloseStoreAsync();
    }

    [Fact]
    public async Task FindItemOccurrences_ListsLiveResultsOfTheWorkspaceNewestFirstWithTheFirstRowIndex()
    {
        // Rows 3 and 4 of "older" hold the same item (trials of one item can also repeat it); "newer" holds it at row 0.
        string Line(long index, string input, int trial = 0) =>
            $$$"""{"row_index": {{{index}}}, "trial": {{{trial}}}, "item": {"input": "{{{input}}}"},""" +
            """ "sample": {"output_text": "x"}, "metrics": {"m": [{"name": "m", "value": 1}]}}""";
        var older = await Store.ImportResultAsync("team-a", new RunSpec { Name = "older", Model = "m1" },
            Rows.Parse([Line(0, "a"), Line(3, "shared"), Line(3, "shared", trial: 1), Line(4, "shared")]));
        var newer = await Store.ImportResultAsync(
            "team-a", new RunSpec { Name = "newer", Model = "m2", Dataset = "d" }, Rows.Parse([Line(0, "shared")]));
        var elsewhere = await Store.ImportResultAsync("team-b", new RunSpec { Name = "elsewhere" }, Rows.Parse([Line(0, "shared")]));
        var deleted = await Store.ImportResultAsync("team-a", new RunSpec { Name = "deleted" }, Rows.Parse([Line(7, "shared")]));
        await Store.DeleteResultAsync("team-a", deleted.Id);
        var digest = (await Store.ReadRowsAsync("team-a", newer.Id, new RowQuery()).FirstAsync()).Digest;

        var found = await Store.FindItemOccurrencesAsync("team-a", digest, 10);

        Assert.Equal([newer.Id, older.Id], found.Select(f => f.ResultId));
        Assert.Equal(new ItemOccurrence(newer.Id, "newer", "m2", "d", ResultStatus.Completed, newer.CreatedAt, 0), found[0]);
        Assert.Equal(3, found[1].RowIndex);
        Assert.Single(await Store.FindItemOccurrencesAsync("team-a", digest, 1));
        Assert.Equal(elsewhere.Id, Assert.Single(await Store.FindItemOccurrencesAsync("team-b", digest, 10)).ResultId);
        Assert.Empty(await Store.FindItemOccurrencesAsync("team-a", "no-such-digest", 10));
    }
}

/// <summary>The server store contract on a real SQLite file.</summary>
public sealed class SqliteServerStoreContractTests : ServerStoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IServerStore> OpenStoreAsync() => await SqliteStore.OpenAsync(_directory.File("store.db"));

    protected override Task CloseStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The server store contract on a real PostgreSQL database (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresServerStoreContractTests(PostgresDatabase database) : ServerStoreContractTests
{
    protected override async Task<IServerStore> OpenStoreAsync() => await database.OpenStoreAsync();
}
