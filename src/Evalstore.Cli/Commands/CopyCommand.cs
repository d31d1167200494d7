using System.CommandLine;
using Evalstore.Core;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Storage.Transfer;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore copy --from-db F --to-postgres CS</c>, <c>--from-server URL --to-server URL</c> (any source with any
/// target): moves every result, row, key and document, resumably, and verifies the copy by counts and aggregates.
/// </summary>
internal static class CopyCommand
{
    private static readonly Option<string?> s_fromDb = new("--from-db") { Description = "Copy from this SQLite file." };
    private static readonly Option<string?> s_fromPostgres = new("--from-postgres") { Description = "Copy from this PostgreSQL database." };
    private static readonly Option<string?> s_fromServer = new("--from-server") { Description = "Copy from this Evalstore server." };
    private static readonly Option<string[]> s_fromKey = new("--from-api-key")
    {
        Description = "An admin key of the source server, one per workspace to copy (repeatable; default: $EVALSTORE_FROM_API_KEY, " +
            "comma-separated). Without one, a keyless loopback server gives every workspace.",
    };
    private static readonly Option<string?> s_toDb = new("--to-db") { Description = "Copy into this SQLite file (created if missing)." };
    private static readonly Option<string?> s_toPostgres = new("--to-postgres") { Description = "Copy into this PostgreSQL database." };
    private static readonly Option<string?> s_toServer = new("--to-server") { Description = "Copy into this Evalstore server." };
    private static readonly Option<string[]> s_toKey = new("--to-api-key")
    {
        Description = "An admin key of the target server per workspace (repeatable; default: $EVALSTORE_TO_API_KEY). A workspace " +
            "without one is reached with the source's key once the copied keys are there.",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("copy",
            "Copy every result, row, API key and document from one store to another (resumable; verified at the end).")
        {
            s_fromDb, s_fromPostgres, s_fromServer, s_fromKey, s_toDb, s_toPostgres, s_toServer, s_toKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (fromDb, fromPostgres) = (parse.GetValue(s_fromDb), parse.GetValue(s_fromPostgres));
            var fromServer = parse.GetValue(s_fromServer);
            var (toDb, toPostgres, toServer) = (parse.GetValue(s_toDb), parse.GetValue(s_toPostgres), parse.GetValue(s_toServer));
            if (new[] { fromDb, fromPostgres, fromServer }.Count(v => v is not null) != 1
                || new[] { toDb, toPostgres, toServer }.Count(v => v is not null) != 1)
            {
                throw EvalstoreException.BadRequest("Name one source (--from-db, --from-postgres or --from-server) and one target " +
                    "(--to-db, --to-postgres or --to-server).");
            }
            if (fromDb is not null && toDb is not null && Path.GetFullPath(fromDb) == Path.GetFullPath(toDb))
            {
                throw EvalstoreException.BadRequest("The source and the target are the same file.");
            }
            if (fromDb is not null && !File.Exists(fromDb))
            {
                throw EvalstoreException.NotFound($"There is no database file '{Path.GetFullPath(fromDb)}' to copy from.");
            }
            await using var source = fromServer is not null
                ? await ServerTransfer.OpenSourceAsync(UrlOf("--from-server", fromServer),
                    KeysOf(parse, s_fromKey, "EVALSTORE_FROM_API_KEY"), cancellationToken)
                : await OpenAsync(fromDb, fromPostgres, cancellationToken);
            await using var target = toServer is not null
                ? await ServerTransfer.OpenTargetAsync(UrlOf("--to-server", toServer), KeysOf(parse, s_toKey, "EVALSTORE_TO_API_KEY"),
                    source, cancellationToken)
                : await OpenAsync(toDb, toPostgres, cancellationToken);
            console.Note($"Copying {Describe(source)} to {Describe(target)}");
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

    private static async Task<IStoreTransfer> OpenAsync(string? db, string? postgres, CancellationToken cancellationToken) =>
        db is not null ? await SqliteStore.OpenAsync(db, cancellationToken) : await PostgresStore.OpenAsync(postgres!, cancellationToken);

    private static string Describe(IStoreTransfer store) =>
        store is IServerStore database ? GlobalOptions.Describe(database) : store.ToString() ?? "";

    private static Uri UrlOf(string option, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw EvalstoreException.BadRequest($"{option} '{url}' is not an http(s) URL.");

    private static string[] KeysOf(ParseResult parse, Option<string[]> option, string variable) =>
        parse.GetValue(option) is { Length: > 0 } keys ? keys
            : (Environment.GetEnvironmentVariable(variable) ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class Inline(Action<CopyStep> report) : IProgress<CopyStep>
    {
        public void Report(CopyStep value) => report(value);
    }
}
