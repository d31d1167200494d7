using System.Net;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// Retention over HTTP: <c>POST …/prune</c> (admin role) through the SDK, with the server's and the store's clock
/// one fake clock, on both stores.
/// </summary>
public abstract class PruneApiTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new();
    private TestServer _server = null!;

    protected abstract Task<IServerStore> OpenStoreAsync(TimeProvider clock);

    public async ValueTask InitializeAsync() =>
        _server = await TestServer.StartAsync(await OpenStoreAsync(_clock), o => o with { Clock = _clock }, disposeStore: true);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task ImportAsync(string name, string model)
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _server.Store.ImportResultAsync(
            "team-a", new RunSpec { Name = name, Model = model, Dataset = "d" }, Rows.Parse(Rows.Seed004));
    }

    [Fact]
    public async Task Prune_DryRunCountsThenDeletesKeepingTheLatestPerModel_AdminOnly()
    {
        await ImportAsync("a-old", "a");
        await ImportAsync("a-older-latest", "a");
        await ImportAsync("b-old", "b");
        _clock.Advance(TimeSpan.FromDays(91));
        await ImportAsync("b-new", "b");
        var admin = _server.Client((await _server.Store.CreateKeyAsync("team-a", KeyRole.Admin)).Secret);
        var reader = _server.Client((await _server.Store.CreateKeyAsync("team-a", KeyRole.Read)).Secret);

        var denied = await Assert.ThrowsAsync<EvalstoreException>(() => reader.PruneAsync("team-a", "90d", ["model"]));
        Assert.Equal(403, denied.Status);
        var dry = await admin.PruneAsync("team-a", "90d", ["model"], dryRun: true);
        Assert.Equal((2L, 0L, true), (dry.Matched, dry.Deleted, dry.DryRun));
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromDays(90), dry.Before);
        var pruned = await admin.PruneAsync("team-a", "90d", ["model"]);
        Assert.Equal(2L, pruned.Deleted);
        var left = await admin.ListResultsAsync("team-a", new ResultQuery { Sort = "created_at" });
        Assert.Equal(["a-older-latest", "b-new"], left.Data.Select(r => r.Name));
    }

    [Theory]
    [InlineData("older_than=ninety")]
    [InlineData("older_than=0d")]
    [InlineData("")]
    [InlineData("older_than=90d&keep_latest_per=colour")]
    [InlineData("older_than=90d&dry_run=maybe")]
    [InlineData("older_than=90d&unknown=1")]
    public async Task Prune_BadQuery_Is400AndDeletesNothing(string query)
    {
        await ImportAsync("r", "m");
        _clock.Advance(TimeSpan.FromDays(365));
        var response = await _server.Http.PostAsync(new Uri($"api/v1/workspaces/team-a/prune?{query}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(await _server.Store.GetResultAsync("team-a", "r"));
    }
}

public sealed class SqlitePruneApiTests : PruneApiTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IServerStore> OpenStoreAsync(TimeProvider clock) =>
        await SqliteStore.OpenAsync(_directory.File("store.db"), clock: clock);

    public void Dispose() => _directory.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPruneApiTests(PostgresDatabase database) : PruneApiTests
{
    protected override async Task<IServerStore> OpenStoreAsync(TimeProvider clock) =>
        await PostgresStore.OpenAsync(await database.NewSchemaAsync(), clock: clock);
}
