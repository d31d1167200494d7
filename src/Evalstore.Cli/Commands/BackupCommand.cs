using System.CommandLine;
using Evalstore.Core;
using Evalstore.Server.Storage.Sqlite;
using Npgsql;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore backup --db F -o OUT</c> and <c>evalstore restore BACKUP --db F</c>: an online, verified copy of a SQLite
/// store through SQLite's backup API, and its way back. PostgreSQL has pg_dump and point-in-time recovery, which do this
/// better than a reimplementation would, so for <c>--postgres</c> both verbs print that recipe instead.
/// </summary>
internal static class BackupCommand
{
    private static readonly Option<FileInfo> s_output = new("--output", "-o")
    {
        Description = "The backup file to write (refused when it exists, unless --force).",
    };
    private static readonly Option<bool> s_forceBackup = new("--force") { Description = "Replace an existing backup file." };
    private static readonly Option<bool> s_forceRestore = new("--force")
    {
        Description = "Replace an existing database file (never one a running server has open).",
    };
    private static readonly Argument<FileInfo> s_backup = new("backup") { Description = "The backup file to restore." };

    public static Command CreateBackup(CliConsole console)
    {
        var command = new Command("backup",
            "Copy a SQLite store to a file while servers keep writing to it (consistent and verified).")
        {
            s_output, s_forceBackup,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (PostgresRecipe(parse, console) is { } code)
            {
                return code;
            }
            var output = parse.GetValue(s_output)
                ?? throw EvalstoreException.BadRequest("Say where the backup goes: -o FILE.");
            var database = GlobalOptions.DatabaseOf(parse);
            await SqliteBackup.BackupAsync(database, output.FullName, parse.GetValue(s_forceBackup), Progress(console, "Backing up"),
                cancellationToken);
            console.Note($"Backed up {Path.GetFullPath(database)} to {output.FullName} ({Size(output.FullName)}); integrity_check: ok.");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateRestore(CliConsole console)
    {
        var command = new Command("restore", "Restore a SQLite store from a backup file (verified before it replaces anything).")
        {
            s_backup, s_forceRestore,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (PostgresRecipe(parse, console) is { } code)
            {
                return code;
            }
            var backup = parse.GetValue(s_backup)!;
            var database = GlobalOptions.DatabaseOf(parse);
            await SqliteBackup.RestoreAsync(backup.FullName, database, parse.GetValue(s_forceRestore), Progress(console, "Restoring"),
                cancellationToken);
            console.Note($"Restored {backup.FullName} to {Path.GetFullPath(database)}; integrity_check: ok.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// For <c>--postgres</c>: prints the pg_dump / pg_restore / PITR recipe filled in with the connection's host, port,
    /// database and user (never its password) and exits 2, so a script never takes it for a backup made.
    /// </summary>
    private static int? PostgresRecipe(ParseResult parse, CliConsole console)
    {
        if (parse.GetValue(GlobalOptions.Server) is not null)
        {
            throw EvalstoreException.BadRequest("backup and restore work on a database file (--db), not through a server (--server).");
        }
        if (GlobalOptions.PostgresOf(parse) is not { } connectionString)
        {
            return null;
        }
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw EvalstoreException.BadRequest($"Invalid PostgreSQL connection string: {e.Message}");
        }
        var target = $"host={settings.Host} port={settings.Port} dbname={settings.Database} user={settings.Username}";
        var restored = $"Host={settings.Host};Port={settings.Port};Database=evalstore_restored;Username={settings.Username}";
        var schema = string.IsNullOrEmpty(settings.SearchPath) ? "" : $" --schema={settings.SearchPath}";
        console.Data.WriteLine($"""
            Evalstore does not copy a PostgreSQL store itself: PostgreSQL's own tools do it consistently while servers write.
            Back up (one consistent snapshot, servers keep running):
              pg_dump --format=custom{schema} --file=evalstore.dump "{target}"
            Restore into a new, empty database, then check it:
              createdb evalstore_restored && pg_restore --no-owner --dbname="{target.Replace($"dbname={settings.Database}",
                  "dbname=evalstore_restored", StringComparison.Ordinal)}" evalstore.dump
              evalstore integrity --postgres "{restored}"
            Point-in-time recovery: archive the WAL (wal_level=replica, archive_mode=on, archive_command) and take base
            backups with pg_basebackup; see https://www.postgresql.org/docs/current/continuous-archiving.html
            To move the data to a SQLite file instead: evalstore copy --from-postgres "…" --to-db FILE
            """);
        console.Error("backup and restore of PostgreSQL are pg_dump and pg_restore (the recipe is above); nothing was copied.");
        return ExitCodes.UsageError;
    }

    /// <summary>Progress on stderr: a line at every tenth of the pages (a log gets ten lines, not a bar).</summary>
    private static IProgress<BackupProgress> Progress(CliConsole console, string verb)
    {
        var reported = -1L;
        return new SynchronousProgress<BackupProgress>(p =>
        {
            var tenth = p.Total == 0 ? 10 : p.Copied * 10 / p.Total;
            if (tenth > reported)
            {
                reported = tenth;
                console.ErrorWriter.WriteLine($"{verb}: {p.Copied:N0} of {p.Total:N0} pages ({tenth * 10}%)");
            }
        });
    }

    private static string Size(string path) => $"{new FileInfo(path).Length / 1024.0 / 1024.0:0.0} MiB";

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order with the notes).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
