using System.CommandLine;
using Evalstore.Core;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Storage.Transfer;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore copy --from-db F --to-postgres CS</c> (and the reverse, or file to file, database to database): moves every
/// result, row, key and document, resumably, and verifies the copy by counts and aggregates.
/// </summary>
internal static class CopyCommand
{
    private static readonly Option<string?> s_fromDb = new("--from-db") { Description = "Copy from this SQLite file." };
    private static readonly Option<string?> s_fromPostgres = new("--from-postgres") { Description = "Copy from this PostgreSQL database." };
    private static readonly Option<string?> s_toDb = new("--to-db") { Description = "Copy into this SQLite file (created if missing)." };
    private static readonly Option<string?> s_toPostgres = new("--to-postgres") { Description = "Copy into this PostgreSQL database." };

    public static Command Create(CliConsole console)
    {
        var command = new Command("copy",
            "Copy every result, row, API key and document from one store to another (resumable; verified at the end).")
        {
            s_fromDb, s_fromPostgres, s_toDb, s_toPostgres,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (fromDb, fromPostgres) = (parse.GetValue(s_fromDb), parse.GetValue(s_fromPostgres));
            var (toDb, toPostgres) = (parse.GetValue(s_toDb), parse.GetValue(s_toPostgres));
            if ((fromDb is null) == (fromPostgres is null) || (toDb is null) == (toPostgres is null))
            {
                throw EvalstoreException.BadRequest(
                    "Name one source (--from-db or --from-postgres) and one target (--to-db or --to-postgres).");
            }
            if (fromDb is not null && toDb is not null && Path.GetFullPath(fromDb) == Path.GetFullPath(toDb))
            {
                throw EvalstoreException.BadRequest("The source and the target are the same file.");
            }
            if (fromDb is not null && !File.Exists(fromDb))
            {
                throw EvalstoreException.NotFound($"There is no database file '{Path.GetFullPath(fromDb)}' to copy from.");
            }
            await using var source = await OpenAsync(fromDb, fromPostgres, cancellationToken);
            await using var target = await OpenAsync(toDb, toPostgres, cancellationToken);
            console.Note($"Copying {GlobalOptions.Describe(source)} to {GlobalOptions.Describe(target)}");
            var progress = new Inline(step => console.ErrorWriter.WriteLine(
                $"[{step.Done}/{step.Total}] {step.Workspace}/{step.Name}: {step.Outcome.ToString().ToLowerInvariant()} " +
                $"({step.Rows:N0} rows)"));
            var report = await new StoreCopier(source, target).CopyAsync(progress, cancellationToken);
            console.Data.WriteLine(
                $"{report.Results:N0} results ({report.Rows:N0} rows): {report.Copied:N0} copied, {report.Skipped:N0} already there, " +
                $"{report.Redone:N0} redone; {report.Keys:N0} API keys; {report.Documents:N0} documents.");
            if (report.Problems.Count == 0)
            {
                console.Data.WriteLine(
                    "Verified: every result is in the target with the same status, counts and aggregates, and every key.");
                return ExitCodes.Success;
            }
            console.Data.WriteLine($"{report.Problems.Count} problem{(report.Problems.Count == 1 ? "" : "s")}:");
            foreach (var problem in report.Problems)
            {
                console.Data.WriteLine($"  - {problem}");
            }
            return IntegrityCommand.ProblemsFound;
        });
        return command;
    }

    private static async Task<IServerStore> OpenAsync(string? db, string? postgres, CancellationToken cancellationToken) =>
        db is not null ? await SqliteStore.OpenAsync(db, cancellationToken) : await PostgresStore.OpenAsync(postgres!, cancellationToken);

    private sealed class Inline(Action<CopyStep> report) : IProgress<CopyStep>
    {
        public void Report(CopyStep value) => report(value);
    }
}
