using Evalstore.Core.Model;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Tests.Storage;

/// <summary>Migrations that reshape stored data keep every row of a database made before them.</summary>
public sealed class SqliteMigrationTests
{
    [Fact]
    public async Task RowsClustered_KeepsEveryRowOfADatabaseMadeBeforeIt()
    {
        using var directory = new TempDirectory();
        var path = directory.File("old.db");
        Guid id;
        List<string> before;
        await using (var store = await SqliteStore.OpenAsync(path))
        {
            id = (await store.ImportResultAsync("default", new RunSpec { Name = "old" }, Rows.Parse(Rows.Seed004))).Id;
            before = await ReadRowsAsync(store, id);
        }
        // Put the database back as migration 002 left it: rows in a rowid table with a unique index on the position.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, """
                CREATE TABLE rows_with_rowid (result_key INTEGER NOT NULL, row_index INTEGER NOT NULL, trial INTEGER NOT NULL,
                    item INTEGER NOT NULL, errors INTEGER NOT NULL DEFAULT 0, body BLOB NOT NULL);
                INSERT INTO rows_with_rowid SELECT result_key, row_index, trial, item, errors, body FROM rows;
                DROP TABLE rows;
                ALTER TABLE rows_with_rowid RENAME TO rows;
                CREATE UNIQUE INDEX rows_position ON rows (result_key, row_index, trial);
                CREATE INDEX rows_item ON rows (item, result_key);
                DELETE FROM schema_migrations WHERE version = 3;
                """);
            Assert.DoesNotContain("WITHOUT ROWID", TableSql(connection), StringComparison.Ordinal);
        }

        await using (var store = await SqliteStore.OpenAsync(path))
        {
            Assert.Equal(before, await ReadRowsAsync(store, id));
        }
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Assert.Contains("WITHOUT ROWID", TableSql(connection), StringComparison.Ordinal);
        }
    }

    private static async Task<List<string>> ReadRowsAsync(SqliteStore store, Guid id)
    {
        var rows = new List<string>();
        await foreach (var row in store.ReadRowsAsync("default", id, new RowQuery()))
        {
            rows.Add(row.ToString());
        }
        Assert.Equal(Rows.Seed004.Length, rows.Count);
        return rows;
    }

    private static string TableSql(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rows'";
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
