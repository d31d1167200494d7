using Evalstore.Core;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>Pages copied so far out of the database's total, for a progress display.</summary>
public readonly record struct BackupProgress(long Copied, long Total);

/// <summary>
/// Online backup and restore of a SQLite store through SQLite's backup API. A copy of the file taken while a server
/// writes is silently corrupt (a half-written page, or a WAL that does not belong to it); the backup API copies
/// pages under one read transaction instead, so the copy is the database as of one instant, whatever writes meanwhile.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Pages per step: about 16 MiB at 16 KiB pages, so progress moves and no step holds the file for long.</summary>
    public const int DefaultPagesPerStep = 1024;

    /// <summary>
    /// Copies <paramref name="source"/> into a new file <paramref name="output"/> and verifies the copy with
    /// <c>integrity_check</c>. The copy is written beside the output under a temporary name and renamed into place only
    /// once verified, so a failed or cancelled backup leaves no file that looks like a backup.
    /// </summary>
    public static async Task BackupAsync(string source, string output, bool overwrite, IProgress<BackupProgress>? progress,
        CancellationToken cancellationToken, int pagesPerStep = DefaultPagesPerStep)
    {
        source = Path.GetFullPath(source);
        output = Path.GetFullPath(output);
        if (!File.Exists(source))
        {
            throw EvalstoreException.NotFound($"There is no database file '{source}' to back up.");
        }
        if (string.Equals(source, output, StringComparison.Ordinal))
        {
            throw EvalstoreException.BadRequest("The backup must go to another file than the database itself.");
        }
        RefuseExisting(output, overwrite, "--force");
        var partial = output + ".partial";
        DeleteDatabaseFiles(partial);
        try
        {
            await using (var from = await OpenAsync(source, SqliteOpenMode.ReadWrite, cancellationToken))
            await using (var to = await OpenAsync(partial, SqliteOpenMode.ReadWriteCreate, cancellationToken))
            {
                Copy(from, to, progress, pagesPerStep, cancellationToken);
                // A backup is one self-contained file: no WAL beside it that could be lost in a move.
                Pragma(to, "PRAGMA journal_mode=DELETE");
            }
            SqliteConnection.ClearAllPools();
            await VerifyAsync(partial, cancellationToken);
            DeleteDatabaseFiles(output);
            File.Move(partial, output, overwrite: true);
        }
        finally
        {
            DeleteDatabaseFiles(partial);
        }
    }

    /// <summary>
    /// Replaces (or creates) the store <paramref name="database"/> with a verified copy of <paramref name="backup"/>. An
    /// existing database is replaced only when <paramref name="overwrite"/> says so and no process has it open.
    /// </summary>
    public static async Task RestoreAsync(string backup, string database, bool overwrite, IProgress<BackupProgress>? progress,
        CancellationToken cancellationToken)
    {
        backup = Path.GetFullPath(backup);
        database = Path.GetFullPath(database);
        if (!File.Exists(backup))
        {
            throw EvalstoreException.NotFound($"There is no backup file '{backup}'.");
        }
        if (string.Equals(backup, database, StringComparison.Ordinal))
        {
            throw EvalstoreException.BadRequest("Restore the backup into another file than the backup itself.");
        }
        await VerifyAsync(backup, cancellationToken);
        if (File.Exists(database))
        {
            RefuseExisting(database, overwrite, "--force");
        }
        // Held to the end, so no server starts on the file while it is being replaced.
        using var exclusive = LockExclusively(database);
        var restoring = database + ".restoring";
        DeleteDatabaseFiles(restoring);
        try
        {
            await using (var from = await OpenAsync(backup, SqliteOpenMode.ReadOnly, cancellationToken))
            await using (var to = await OpenAsync(restoring, SqliteOpenMode.ReadWriteCreate, cancellationToken))
            {
                Copy(from, to, progress, DefaultPagesPerStep, cancellationToken);
                Pragma(to, "PRAGMA journal_mode=WAL");
            }
            SqliteConnection.ClearAllPools();
            await VerifyAsync(restoring, cancellationToken);
            // The old file's WAL and shared-memory index must go with it: beside the new file they would be read as its own.
            DeleteDatabaseFiles(database);
            File.Move(restoring, database, overwrite: true);
        }
        finally
        {
            DeleteDatabaseFiles(restoring);
        }
    }

    /// <summary>Throws a 400 naming every problem <c>integrity_check</c> finds in the file.</summary>
    public static async Task VerifyAsync(string path, CancellationToken cancellationToken)
    {
        var problems = await SqliteHealth.IntegrityCheckAsync(path, quick: false, cancellationToken);
        if (problems.Count > 0)
        {
            throw EvalstoreException.BadRequest(
                $"'{path}' fails SQLite's integrity_check: {string.Join("; ", problems.Take(10))}");
        }
    }

    private static void Copy(SqliteConnection from, SqliteConnection to, IProgress<BackupProgress>? progress, int pagesPerStep,
        CancellationToken cancellationToken)
    {
        // One read transaction over the whole copy: every step reads the same snapshot (WAL mode lets the server keep
        // writing meanwhile), so the backup is consistent and is never restarted by the server's commits.
        // (Through the C API: an ADO.NET transaction would refuse the backup's own statements on this connection.)
        Exec(from, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;");
        var backup = raw.sqlite3_backup_init(to.Handle, "main", from.Handle, "main")
            ?? throw new InvalidOperationException($"Cannot start the backup: {raw.sqlite3_errmsg(to.Handle).utf8_to_string()}");
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rc = raw.sqlite3_backup_step(backup, pagesPerStep);
                var total = raw.sqlite3_backup_pagecount(backup);
                progress?.Report(new BackupProgress(total - raw.sqlite3_backup_remaining(backup), total));
                if (rc == raw.SQLITE_DONE)
                {
                    break;
                }
                if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
                {
                    throw new SqliteException($"The backup failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
                }
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
            Exec(from, "COMMIT");
        }
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_exec(connection.Handle, sql);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"{sql}: {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}", rc);
        }
    }

    /// <summary>
    /// Every process with the store open (a server, a CLI verb) holds a shared advisory lock on the file's lock file
    /// (<see cref="LockFile"/>); a restore needs it exclusively. SQLite's own locks cannot tell: in WAL mode an idle
    /// connection holds none on the database file, and leaving WAL mode under a server deletes the log it still uses.
    /// </summary>
    private static FileStream LockExclusively(string database)
    {
        try
        {
            return new FileStream(LockFile(database), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw EvalstoreException.Conflict(
                $"'{database}' is open in another process (a running server?): stop it before restoring over it.");
        }
    }

    /// <summary>The lock file beside a database (SQLite's own files use the same dash suffixes: -wal, -shm).</summary>
    public static string LockFile(string database) => database + "-lock";

    /// <summary>
    /// Takes the shared lock a store holds while it is open (an advisory flock on a separate file, never on the database:
    /// closing another descriptor of the database would drop SQLite's own POSIX locks in this process).
    /// </summary>
    internal static FileStream HoldOpenLock(string database) =>
        new(LockFile(database), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);

    private static void RefuseExisting(string path, bool overwrite, string flag)
    {
        if (File.Exists(path) && !overwrite)
        {
            throw EvalstoreException.Conflict($"'{path}' already exists: pass {flag} to replace it.");
        }
    }

    internal static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken cancellationToken,
        int busyTimeout = 60)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = busyTimeout,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        Pragma(connection, $"PRAGMA busy_timeout={busyTimeout * 1000}");
        return connection;
    }

    internal static object? Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
