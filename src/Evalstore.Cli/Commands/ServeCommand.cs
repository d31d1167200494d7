using System.CommandLine;
using Evalstore.Core;
using Evalstore.Server;
using Evalstore.Server.Hosting;
using Evalstore.Server.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evalstore.Cli.Commands;

/// <summary><c>evalstore serve</c>: the HTTP server (native API, vendor APIs, web UI) over a SQLite file or PostgreSQL.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> s_urls = new("--urls")
    {
        Description = "Listening URLs, ';'-separated. Without API keys only loopback addresses are allowed.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EVALSTORE_URLS") ?? ServerOptions.DefaultUrls,
    };

    private static readonly Option<string[]> s_allowJudge = new("--allow-judge")
    {
        Description = "A chat completions URL that server-side scoring jobs may call as an LLM judge (repeatable; none by default).",
    };

    private static readonly Option<bool> s_demo =
        new("--demo") { Description = "Load a few realistic example results if the database is empty." };

    private static readonly Option<string> s_logFormat = new("--log-format")
    {
        Description = "Console log lines: text, or json (one JSON object per line, for log shippers).",
        DefaultValueFactory = _ => "text",
    };

    static ServeCommand() => s_logFormat.AcceptOnlyFromAmong("text", "json");

    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Run the Evalstore server.") { s_urls, s_demo, s_allowJudge, s_logFormat };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(GlobalOptions.Server) is not null)
            {
                throw EvalstoreException.BadRequest("serve opens a database (--db or --postgres), not another server (--server).");
            }
            if (GlobalOptions.PostgresOf(parse) is null)
            {
                // Before anything opens the file: a damaged one is refused with the restore command, not served until it breaks.
                await SqliteHealth.RequireSoundAsync(GlobalOptions.DatabaseOf(parse), cancellationToken);
            }
            await using var store = await GlobalOptions.OpenDatabaseAsync(parse, cancellationToken);
            var options = new ServerOptions
            {
                Store = store,
                Urls = parse.GetValue(s_urls)!,
                Demo = parse.GetValue(s_demo),
                AllowedJudgeUrls = parse.GetValue(s_allowJudge) ?? [],
                LogFormat = parse.GetValue(s_logFormat) == "json" ? LogFormat.Json : LogFormat.Text,
            };
            await using var app = await EvalstoreServer.BuildAsync(options, cancellationToken);
            await app.StartAsync(cancellationToken);
            foreach (var address in app.Addresses())
            {
                if (options.LogFormat == LogFormat.Json)
                {
                    // A log shipper reads stdout line by line: the start-up line is one more JSON event there, not free text.
                    app.Logger.LogInformation("Evalstore is serving {Store} at {Address}", GlobalOptions.Describe(store), address);
                    continue;
                }
                console.Note(
                    $"Evalstore is serving {GlobalOptions.Describe(store)} at {address} (UI /, API /api/v1, OpenAPI /openapi/v1.json)");
            }
            if (options.LogFormat == LogFormat.Text)
            {
                console.Note("Press Ctrl+C to stop.");
            }
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
