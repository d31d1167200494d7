using System.CommandLine;
using Evalstore.Core;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore integrity --db F | --postgres CS</c>: SQLite's integrity_check and foreign_key_check (for a file) and the
/// store's own invariants (both engines). Prints every problem and exits 1 when there is any, so a cron job can alert.
/// </summary>
internal static class IntegrityCommand
{
    /// <summary>The exit code when the check ran and found problems (as a failed gate: the question was answered "no").</summary>
    public const int ProblemsFound = 1;

    public static Command Create(CliConsole console)
    {
        var command = new Command("integrity",
            "Check a store: SQLite's integrity_check and foreign_key_check, and Evalstore's invariants (row counts, aggregates).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(GlobalOptions.Server) is not null)
            {
                throw EvalstoreException.BadRequest("integrity checks a database (--db or --postgres), not a server (--server).");
            }
            string where;
            IReadOnlyList<string> problems;
            if (GlobalOptions.PostgresOf(parse) is { } postgres)
            {
                if (parse.GetValue(GlobalOptions.Db) is not null)
                {
                    throw EvalstoreException.BadRequest("Give either --postgres or --db, not both (check EVALSTORE_POSTGRES).");
                }
                await using var store = await PostgresStore.OpenAsync(postgres, cancellationToken);
                where = store.DisplayName;
                problems = await store.CheckIntegrityAsync(cancellationToken);
            }
            else
            {
                where = Path.GetFullPath(GlobalOptions.DatabaseOf(parse));
                problems = await SqliteHealth.CheckAsync(where, cancellationToken);
            }
            if (problems.Count == 0)
            {
                console.Data.WriteLine($"ok: {where}");
                return ExitCodes.Success;
            }
            console.Data.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {where}:");
            foreach (var problem in problems)
            {
                console.Data.WriteLine($"  - {problem}");
            }
            return ProblemsFound;
        });
        return command;
    }
}
