using Evalstore.Core;
using Evalstore.Server.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// Checks a SQLite store file without changing it: SQLite's own page checks (<c>integrity_check</c> or the faster
/// <c>quick_check</c>, and <c>foreign_key_check</c>) and then the store's invariants (<see cref="StoreInvariants"/>).
/// </summary>
public static class SqliteHealth
{
    private const string MissingItems = """
        SELECT r.workspace, r.name, count(*) FROM rows x JOIN results r ON r.result_key = x.result_key
        WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = x.item)
        GROUP BY r.result_key, r.workspace, r.name
        """;

    /// <summary>Every problem found in the file; empty when it is sound.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(string path, CancellationToken cancellationToken)
    {
        var problems = new List<string>(await IntegrityCheckAsync(path, quick: false, cancellationToken));
        if (problems.Count > 0)
        {
            // The store's own checks read through the same damaged pages; what SQLite says is the finding that matters.
            return problems;
        }
        await using var connection = await OpenReadOnlyAsync(path, cancellationToken);
        problems.AddRange(Lines(connection, "PRAGMA foreign_key_check").Select(line => $"foreign key: {line}"));
        problems.AddRange(await StoreInvariants.CheckAsync(connection, MissingItems, cancellationToken));
        return problems;
    }

    /// <summary>
    /// What <c>integrity_check</c> (or <c>quick_check</c>, which skips matching indexes to tables) reports, without its
    /// "ok"; a file that is not a database at all, or cannot be opened, is one problem saying so.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IntegrityCheckAsync(string path, bool quick, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenReadOnlyAsync(path, cancellationToken);
            var lines = Lines(connection, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
            return lines is ["ok"] ? [] : lines;
        }
        catch (SqliteException e)
        {
            return [e.Message];
        }
    }

    /// <summary>
    /// Refuses to serve a damaged file: a server started on one answers until a request touches a bad page and then
    /// fails mid-stream with "database disk image is malformed". Runs <c>quick_check</c> (a read of every page, without
    /// the index-to-table matching of a full check) and throws a 500 naming the file and how to restore it.
    /// </summary>
    public static async Task RequireSoundAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return;
        }
        var problems = await IntegrityCheckAsync(full, quick: true, cancellationToken);
        if (problems.Count > 0)
        {
            throw new EvalstoreException(500, "Damaged database",
                $"The database file '{full}' is damaged (SQLite quick_check: {string.Join("; ", problems.Take(5))}). "
                + $"Evalstore will not serve it. Restore the last backup with: evalstore restore BACKUP.db --db \"{full}\" --force "
                + $"(and see what else is wrong with: evalstore integrity --db \"{full}\").");
        }
    }

    private static async Task<SqliteConnection> OpenReadOnlyAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw EvalstoreException.NotFound($"There is no database file '{Path.GetFullPath(path)}'.");
        }
        // Read-write without creating: after a crash the WAL index needs recovery, which a read-only connection cannot run.
        return await SqliteBackup.OpenAsync(path, SqliteOpenMode.ReadWrite, cancellationToken);
    }

    private static List<string> Lines(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i))));
        }
        return lines;
    }
}
