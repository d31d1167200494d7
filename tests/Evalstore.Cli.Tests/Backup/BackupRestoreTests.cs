using Evalstore.Core.Model;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Microsoft.Data.Sqlite;

namespace Evalstore.Cli.Tests.Backup;

/// <summary>
/// <c>evalstore backup</c> and <c>restore</c> on real files while a real server writes to the database: the backup is
/// consistent (integrity_check and the store's invariants hold, every result in it is whole), verified, never
/// overwrites without --force, and a restore refuses a file a running server has open.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Backup_WhileAServerWrites_IsConsistent_Verified_AndRestorable()
    {
        var db = _directory.File("live.db");
        var backup = _directory.File("live.backup.db");
        // A real server process, as in production: backup and restore are other processes beside it.
        await using (var server = await ServerProcess.StartAsync(["serve", "--db", db, "--urls", "http://127.0.0.1:0"]))
        {
            await using var client = server.Client();
            for (var i = 0; i < 6; i++)
            {
                await StoreFiller.ImportAsync(client, $"before-{i}", 1500);
            }
            using var stop = new CancellationTokenSource();
            var written = 0;
            var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                // Batches into a running result and whole imports, until the backups are done.
                var running = await client.CreateResultAsync("default", StoreFiller.Spec("running"));
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await client.AppendRowsAsync("default", running.Id, Rows.Parse(StoreFiller.Lines("running", 200, first: i * 200)));
                    await StoreFiller.ImportAsync(client, $"during-{i}", 300);
                    if (Interlocked.Increment(ref written) == 2)
                    {
                        writing.TrySetResult();
                    }
                }
            });
            // The backups start once the server has committed two rounds of writes (or the writer failed).
            await Task.WhenAny(writing.Task, writer);
            await (writer.IsFaulted ? writer : writing.Task);
            // Small steps, so the copy spans many of the server's commits.
            var pages = new List<BackupProgress>();
            await SqliteBackup.BackupAsync(db, backup, overwrite: false, new Inline(pages.Add), default, pagesPerStep: 8);
            Assert.True(pages.Count > 3, $"progress was reported {pages.Count} times");
            Assert.Equal(pages[^1].Total, pages[^1].Copied);

            var cli = await CliRunner.RunAsync("backup", "--db", db, "-o", _directory.File("cli.backup.db"));
            Assert.True(cli.ExitCode == 0, cli.Err);
            Assert.Contains("Backing up: ", cli.Err, StringComparison.Ordinal);
            Assert.Contains("integrity_check: ok", cli.Err, StringComparison.Ordinal);
            var writtenDuring = Volatile.Read(ref written);
            await stop.CancelAsync();
            await writer;
            Assert.True(writtenDuring >= 2, "the server kept writing during the backups");

            var again = await CliRunner.RunAsync("backup", "--db", db, "-o", backup);
            Assert.Equal(4, again.ExitCode);
            Assert.Contains("already exists: pass --force", again.Err, StringComparison.Ordinal);
            var forced = await CliRunner.RunAsync("backup", "--db", db, "-o", backup, "--force");
            Assert.True(forced.ExitCode == 0, forced.Err);

            var busy = await CliRunner.RunAsync("restore", backup, "--db", db, "--force");
            Assert.Equal(4, busy.ExitCode);
            Assert.Contains("open in another process", busy.Err, StringComparison.Ordinal);
            // The refused restore left the server's file alone: it still answers from it.
            var listed = await client.ListResultsAsync("default", new ResultQuery { PageSize = 1000 });
            Assert.Contains(listed.Data, r => r.Name == "before-0");
        }

        foreach (var file in new[] { backup, _directory.File("cli.backup.db") })
        {
            Assert.Empty(await SqliteHealth.CheckAsync(file, default));
            Assert.False(File.Exists(file + "-wal"), "a backup is one file");
        }
        var restored = _directory.File("restored.db");
        var restore = await CliRunner.RunAsync("restore", backup, "--db", restored);
        Assert.True(restore.ExitCode == 0, restore.Err);
        var over = await CliRunner.RunAsync("restore", backup, "--db", restored);
        Assert.Equal(4, over.ExitCode);
        await using (var store = await SqliteStore.OpenAsync(restored))
        {
            var results = (await store.ListResultsAsync("default", new ResultQuery { PageSize = 1000 })).Data;
            Assert.Contains(results, r => r.Name == "before-5" && r.RowCount == 3000 && r.Status == ResultStatus.Completed);
            Assert.Contains(results, r => r.Name == "running" && r.Status == ResultStatus.Running);
            foreach (var result in results)
            {
                var rows = 0;
                await foreach (var _ in store.ReadRowsAsync("default", result.Id, new RowQuery()))
                {
                    rows++;
                }
                Assert.Equal(result.RowCount, rows);
            }
        }
        // The server stopped, so a forced restore over its file now goes through.
        var overLive = await CliRunner.RunAsync("restore", backup, "--db", db, "--force");
        Assert.True(overLive.ExitCode == 0, overLive.Err);
        Assert.Empty(await SqliteHealth.CheckAsync(db, default));
    }

    [Fact]
    public async Task Restore_RefusesADamagedBackup_AndChangesNothing()
    {
        var db = _directory.File("good.db");
        await using (var store = await SqliteStore.OpenAsync(db))
        {
            await StoreFiller.ImportAsync(store, "kept", 2000);
        }
        SqliteConnection.ClearAllPools();
        var damaged = _directory.File("damaged.backup.db");
        Assert.Equal(0, (await CliRunner.RunAsync("backup", "--db", db, "-o", damaged)).ExitCode);
        Corruption.Scribble(damaged);
        var before = await File.ReadAllBytesAsync(db);

        var restore = await CliRunner.RunAsync("restore", damaged, "--db", db, "--force");
        Assert.Equal(2, restore.ExitCode);
        Assert.Contains("fails SQLite's integrity_check", restore.Err, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(db));
        Assert.False(File.Exists(db + ".restoring"));
    }

    [Fact]
    public async Task Postgres_GetsThePgDumpRecipe_NotACopy()
    {
        var outcome = await CliRunner.RunAsync("backup", "--postgres",
            "Host=db.internal;Port=5433;Database=evals;Username=ops;Password=s3cret");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("pg_dump --format=custom --file=evalstore.dump \"host=db.internal port=5433 dbname=evals user=ops\"", outcome.Out,
            StringComparison.Ordinal);
        Assert.Contains("pg_basebackup", outcome.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", outcome.Out + outcome.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", outcome.Err, StringComparison.Ordinal);
    }

    private sealed class Inline(Action<BackupProgress> report) : IProgress<BackupProgress>
    {
        public void Report(BackupProgress value) => report(value);
    }
}
