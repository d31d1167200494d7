using Evalstore.Cli.Commands;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Evalstore.Cli.Tests.Backup;

/// <summary>
/// <c>evalstore integrity</c> on SQLite and PostgreSQL (a sound store is "ok", each broken invariant is named with its
/// result and the exit code is 1), and <c>serve</c> refusing a damaged file with the restore command.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IntegrityTests(PostgresDatabase postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sqlite_SoundStoreIsOk_BrokenInvariantsAreListed()
    {
        var db = _directory.File("checked.db");
        await using (var store = await SqliteStore.OpenAsync(db))
        {
            await StoreFiller.ImportAsync(store, "complete", 300);
            await StoreFiller.ImportAsync(store, "other", 200);
            await store.CreateResultAsync("default", StoreFiller.Spec("open"));
        }
        SqliteConnection.ClearAllPools();
        var ok = await CliRunner.RunAsync("integrity", "--db", db);
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Err);
        Assert.Equal($"ok: {db}\n", ok.Out.ReplaceLineEndings("\n"));

        await using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE results SET row_count = row_count + 5 WHERE name = 'complete';
                DELETE FROM aggregates WHERE result_key = (SELECT result_key FROM results WHERE name = 'other');
                INSERT INTO aggregates (result_key, score_id, body) SELECT result_key, 0, x'7b7d' FROM results WHERE name = 'open';
                """;
            await command.ExecuteNonQueryAsync();
        }
        var broken = await CliRunner.RunAsync("integrity", "--db", db);
        Assert.Equal(IntegrityCommand.ProblemsFound, broken.ExitCode);
        var lines = broken.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"4 problems in {db}:", lines[0]);
        Assert.Contains("  - result 'complete' in workspace 'default': row count 605 but 600 rows stored", lines);
        Assert.Contains("  - result 'other' in workspace 'default': completed without an aggregate for score accuracy/accuracy", lines);
        Assert.Contains("  - result 'other' in workspace 'default': completed without an aggregate for score passed/passed", lines);
        Assert.Contains("  - result 'open' in workspace 'default': running but has aggregates", lines);
    }

    [Fact]
    public async Task Postgres_SoundStoreIsOk_BrokenInvariantsAreListed()
    {
        var connectionString = await postgres.NewSchemaAsync();
        await using (var store = await PostgresStore.OpenAsync(connectionString))
        {
            await StoreFiller.ImportAsync(store, "complete", 300);
            await StoreFiller.ImportAsync(store, "other", 200);
        }
        var ok = await CliRunner.RunAsync("integrity", "--postgres", connectionString);
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Err);
        Assert.StartsWith("ok: PostgreSQL database", ok.Out, StringComparison.Ordinal);

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                UPDATE results SET row_count = row_count - 1 WHERE name = 'complete';
                DELETE FROM aggregates WHERE result_key = (SELECT result_key FROM results WHERE name = 'other') AND score_id =
                    (SELECT min(score_id) FROM score_keys WHERE result_key = (SELECT result_key FROM results WHERE name = 'other'));
                DELETE FROM items WHERE digest = (SELECT min(digest) FROM rows WHERE result_key =
                    (SELECT result_key FROM results WHERE name = 'other'));
                """, connection);
            await command.ExecuteNonQueryAsync();
        }
        var broken = await CliRunner.RunAsync("integrity", "--postgres", connectionString);
        Assert.Equal(IntegrityCommand.ProblemsFound, broken.ExitCode);
        var lines = broken.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^4 problems in PostgreSQL database", lines[0]);
        Assert.Contains("  - result 'complete' in workspace 'default': row count 599 but 600 rows stored", lines);
        Assert.Single(lines, l => l.StartsWith("  - result 'other' in workspace 'default': completed without an aggregate for score ",
            StringComparison.Ordinal));
        // Both trials of the item lost their item, in both results (they share their items).
        Assert.Contains("  - result 'other' in workspace 'default': 2 row(s) whose item is not stored", lines);
        Assert.Contains("  - result 'complete' in workspace 'default': 2 row(s) whose item is not stored", lines);
    }

    [Fact]
    public async Task Serve_RefusesADamagedFile_NamingItAndTheRestoreCommand()
    {
        var db = _directory.File("damaged.db");
        await using (var store = await SqliteStore.OpenAsync(db))
        {
            for (var i = 0; i < 4; i++)
            {
                await StoreFiller.ImportAsync(store, $"r{i}", 1000);
            }
        }
        SqliteConnection.ClearAllPools();
        Corruption.Scribble(db);

        var serve = await CliRunner.RunAsync("serve", "--db", db, "--urls", "http://127.0.0.1:0");
        Assert.Equal(6, serve.ExitCode);
        Assert.Contains($"The database file '{db}' is damaged (SQLite quick_check: ", serve.Err, StringComparison.Ordinal);
        Assert.Contains($"evalstore restore BACKUP.db --db \"{db}\" --force", serve.Err, StringComparison.Ordinal);

        var integrity = await CliRunner.RunAsync("integrity", "--db", db);
        Assert.Equal(IntegrityCommand.ProblemsFound, integrity.ExitCode);
        Assert.Contains("problem", integrity.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RefusesAFileThatIsNotADatabase()
    {
        var db = _directory.File("notes.db");
        await File.WriteAllTextAsync(db, new string('x', 20_000));
        var serve = await CliRunner.RunAsync("serve", "--db", db, "--urls", "http://127.0.0.1:0");
        Assert.Equal(6, serve.ExitCode);
        Assert.Contains("file is not a database", serve.Err, StringComparison.Ordinal);
        Assert.Contains("evalstore restore", serve.Err, StringComparison.Ordinal);
    }
}
