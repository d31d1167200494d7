using System.Text;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Storage.Transfer;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Cli.Tests.Backup;

/// <summary>
/// <c>evalstore copy</c> between real SQLite files and a real PostgreSQL database: a SQLite → PostgreSQL → SQLite round
/// trip gives back the same store (ids, timestamps, labels, statuses, every row's JSON, aggregates, keys that still
/// authenticate, documents), and a copy cancelled half way leaves whole results only and completes on a rerun.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CopyTests(PostgresDatabase postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SqliteToPostgresToSqlite_GivesBackTheSameStore()
    {
        var source = _directory.File("source.db");
        var back = _directory.File("back.db");
        var pg = await postgres.NewSchemaAsync();
        string secret;
        await using (var store = await SqliteStore.OpenAsync(source))
        {
            secret = await FillAsync(store);
        }
        var there = await CliRunner.RunAsync("copy", "--from-db", source, "--to-postgres", pg);
        Assert.True(there.ExitCode == 0, there.Out + there.Err);
        Assert.Contains("6 results (5,200 rows): 6 copied, 0 already there, 0 redone; 3 API keys; 1 documents.", there.Out,
            StringComparison.Ordinal);
        Assert.Contains("Verified:", there.Out, StringComparison.Ordinal);
        Assert.Contains("[6/6] ", there.Err, StringComparison.Ordinal);
        var home = await CliRunner.RunAsync("copy", "--from-postgres", pg, "--to-db", back);
        Assert.True(home.ExitCode == 0, home.Out + home.Err);

        await using var original = await SqliteStore.OpenAsync(source);
        await using var viaPostgres = await PostgresStore.OpenAsync(pg);
        await using var returned = await SqliteStore.OpenAsync(back);
        var expected = await SnapshotAsync(original);
        Assert.Equal(expected, await SnapshotAsync(viaPostgres));
        Assert.Equal(expected, await SnapshotAsync(returned));
        Assert.Equal("team-b", (await viaPostgres.AuthenticateAsync(secret))?.Workspace);
        Assert.Equal("team-b", (await returned.AuthenticateAsync(secret))?.Workspace);
        Assert.Empty(await viaPostgres.CheckIntegrityAsync());
        Assert.Empty(await SqliteHealth.CheckAsync(back, default));
    }

    [Fact]
    public async Task ACancelledCopy_LeavesWholeResults_AndARerunCompletesIt()
    {
        var source = _directory.File("big.db");
        var pg = await postgres.NewSchemaAsync();
        await using var from = await SqliteStore.OpenAsync(source);
        await FillAsync(from);
        for (var i = 0; i < 4; i++)
        {
            await StoreFiller.ImportAsync(from, $"extra-{i}", 700);
        }
        await using (var to = await PostgresStore.OpenAsync(pg))
        {
            using var stop = new CancellationTokenSource();
            var steps = 0;
            var progress = new Inline(_ =>
            {
                if (++steps == 3)
                {
                    stop.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new StoreCopier(from, to).CopyAsync(progress, stop.Token));
            var partial = await SnapshotAsync(to);
            var full = await SnapshotAsync(from);
            // Only whole results, each exactly as in the source.
            var copied = partial.Where(line => line.StartsWith("result ", StringComparison.Ordinal)).ToList();
            Assert.InRange(copied.Count, 3, 4);
            Assert.All(copied, line => Assert.Contains(line, full));
        }

        // The source's running result grows meanwhile: the rerun redoes it, skips the rest already there, copies the others.
        var running = (await from.ListResultsAsync("default", new ResultQuery())).Data.Single(r => r.Status == ResultStatus.Running);
        await from.AppendRowsAsync("default", running.Id, Rows.Parse(StoreFiller.Lines("grows", 50, first: 1000)));
        var rerun = await CliRunner.RunAsync("copy", "--from-db", source, "--to-postgres", pg);
        Assert.True(rerun.ExitCode == 0, rerun.Out + rerun.Err);
        Assert.Matches(@"10 results \(10,900 rows\): \d copied, \d already there, \d redone", rerun.Out);
        Assert.Contains("Verified:", rerun.Out, StringComparison.Ordinal);
        await using var target = await PostgresStore.OpenAsync(pg);
        Assert.Equal(await SnapshotAsync(from), await SnapshotAsync(target));

        var again = await CliRunner.RunAsync("copy", "--from-db", source, "--to-postgres", pg);
        Assert.Contains("10 results (10,900 rows): 0 copied, 10 already there, 0 redone", again.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Six results in two workspaces (completed, running with a document, failed), trials, labels, and three keys, one
    /// revoked; returns the secret of team-b's key.
    /// </summary>
    internal static async Task<string> FillAsync(IServerStore store)
    {
        await StoreFiller.ImportAsync(store, "alpha", 500);
        await StoreFiller.ImportAsync(store, "beta", 800);
        await StoreFiller.ImportAsync(store, "gamma", 400, workspace: "team-b");
        await StoreFiller.ImportAsync(store, "delta", 700, workspace: "team-b");
        var running = await store.CreateResultAsync("default", StoreFiller.Spec("still-running"));
        await store.AppendRowsAsync("default", running.Id, Rows.Parse(StoreFiller.Lines("still-running", 150)));
        await store.PutDocumentsAsync("default", running.Id, [new ResultDocument("weave/pending/1", "{\"x\":1}"u8.ToArray())]);
        var failed = await store.CreateResultAsync("team-b", StoreFiller.Spec("broken"));
        await store.AppendRowsAsync("team-b", failed.Id, Rows.Parse(StoreFiller.Lines("broken", 50)));
        await store.FailResultAsync("team-b", failed.Id, "judge unreachable");
        await store.CreateKeyAsync("default", KeyRole.Read, "dashboards");
        var revoked = await store.CreateKeyAsync("default", KeyRole.Write, "old ci");
        await store.RevokeKeyAsync("default", revoked.Key.Id);
        return (await store.CreateKeyAsync("team-b", KeyRole.Admin, "ops")).Secret;
    }

    /// <summary>Everything a store holds, as lines: keys with hashes, results with aggregates, every row, documents.</summary>
    internal static async Task<List<string>> SnapshotAsync(IServerStore store)
    {
        var transfer = (IStoreTransfer)store;
        var lines = (await transfer.ReadKeysAsync()).Select(k =>
            $"key {k.Id} {k.Workspace} {k.Role} {Convert.ToHexString(k.Hash)} {k.Prefix} {k.Description} {k.CreatedAt:O} {k.RevokedAt:O}")
            .ToList();
        foreach (var workspace in await transfer.ListWorkspacesAsync())
        {
            foreach (var listed in (await store.ListResultsAsync(workspace, new ResultQuery { PageSize = 1000 })).Data.OrderBy(r => r.Id))
            {
                var result = (await store.GetResultAsync(workspace, listed.Id.ToString()))!;
                var rows = new StringBuilder();
                await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery()))
                {
                    rows.Append(row).Append('\n');
                }
                await foreach (var document in store.ListDocumentsAsync(workspace, result.Id, ""))
                {
                    rows.Append(document.Key).Append('=').Append(Encoding.UTF8.GetString(document.Json.Span)).Append('\n');
                }
                lines.Add($"result {workspace} {StoreFiller.Describe(result)} created={result.CreatedAt:O} " +
                    $"finished={result.FinishedAt:O} " +
                    $"error={result.ErrorDescription} pass={result.PassStatus} {EvalstoreJson.Serialize(result.Scores)} " +
                    $"rows={Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(rows.ToString())))}");
            }
        }
        return lines;
    }

    private sealed class Inline(Action<CopyStep> report) : IProgress<CopyStep>
    {
        public void Report(CopyStep value) => report(value);
    }
}
