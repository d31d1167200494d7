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

    private static readonly Option<string?> s_report = new("--report")
    {
        Description = "Post a report on this cron schedule (UTC, e.g. \"0 9 * * 1\" for Mondays 09:00) to every --report-webhook.",
    };

    private static readonly Option<string[]> s_reportWebhook = new("--report-webhook")
    {
        Description = "A URL the scheduled report is posted to as JSON with a Slack-compatible 'text' (repeatable; only these).",
    };

    private static readonly Option<string> s_reportSince = new("--report-since")
    {
        Description = "Window of each scheduled report, back from its time (e.g. 7d, 24h).",
        DefaultValueFactory = _ => "7d",
    };

    private static readonly Option<string> s_reportWorkspace = new("--report-workspace")
    {
        Description = "Workspace the scheduled report covers.",
        DefaultValueFactory = _ => "default",
    };

    private static readonly Option<bool> s_demo =
        new("--demo") { Description = "Load a few realistic example results if the database is empty." };

    private static readonly Option<string> s_logFormat = new("--log-format")
    {
        Description = "Console log lines: text, or json (one JSON object per line, for log shippers).",
        DefaultValueFactory = _ => "text",
    };

    private static readonly Option<int> s_maxAnalyses = new("--max-analyses")
    {
        Description = "Compares and leaderboards that run at once (each holds whole score columns in memory); more wait in a queue.",
        DefaultValueFactory = _ => 2,
    };

    private static readonly Option<int> s_analysisQueue = new("--analysis-queue")
    {
        Description = "Compares and leaderboards that may wait for a place; beyond it they get 503 with Retry-After.",
        DefaultValueFactory = _ => 16,
    };

    private static readonly Option<int> s_analysisQueueSeconds = new("--analysis-queue-seconds")
    {
        Description = "Longest wait in that queue before a 503 with Retry-After.",
        DefaultValueFactory = _ => 30,
    };

    private static readonly Option<int> s_memoryBudget = new("--memory-budget-mb")
    {
        Description = "Process working set (MiB) above which no new compare or leaderboard starts (503); 0 for no budget.",
        DefaultValueFactory = _ => 0,
    };

    static ServeCommand()
    {
        s_logFormat.AcceptOnlyFromAmong("text", "json");
        s_maxAnalyses.Validators.Add(r => Positive(r, s_maxAnalyses, 1));
        s_analysisQueue.Validators.Add(r => Positive(r, s_analysisQueue, 0));
        s_analysisQueueSeconds.Validators.Add(r => Positive(r, s_analysisQueueSeconds, 1));
        s_memoryBudget.Validators.Add(r => Positive(r, s_memoryBudget, 0));
    }

    private static ScheduledReportOptions? ScheduledReport(ParseResult parse)
    {
        var webhooks = parse.GetValue(s_reportWebhook) ?? [];
        if (parse.GetValue(s_report) is not { } cron)
        {
            return webhooks.Length == 0 ? null
                : throw EvalstoreException.BadRequest("--report-webhook needs --report \"cron expression\" to say when to post.");
        }
        return new ScheduledReportOptions
        {
            Cron = cron, Webhooks = webhooks, Since = parse.GetValue(s_reportSince)!, Workspace = parse.GetValue(s_reportWorkspace)!,
        };
    }

    private static void Positive(System.CommandLine.Parsing.OptionResult result, Option<int> option, int least)
    {
        if (result.GetValueOrDefault<int>() < least)
        {
            result.AddError($"{option.Name} must be at least {least}.");
        }
    }

    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Run the Evalstore server.") {
            s_urls, s_demo, s_allowJudge, s_logFormat, s_maxAnalyses, s_analysisQueue, s_analysisQueueSeconds, s_memoryBudget,
            s_report, s_reportWebhook, s_reportSince, s_reportWorkspace,
        };
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
                MaxConcurrentAnalyses = parse.GetValue(s_maxAnalyses),
                AnalysisQueueLimit = parse.GetValue(s_analysisQueue),
                AnalysisQueueTimeout = TimeSpan.FromSeconds(parse.GetValue(s_analysisQueueSeconds)),
                MemoryBudgetBytes = parse.GetValue(s_memoryBudget) * 1024L * 1024,
                ScheduledReport = ScheduledReport(parse),
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
