using System.CommandLine;
using Evalstore.Cli.Commands;
using Evalstore.Core;
using Spectre.Console;

namespace Evalstore.Cli;

/// <summary>Builds the command tree and runs it, turning every failure into a message on stderr and an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand("Evalstore: store, query and compare evaluation results of LLM and ML systems.");
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(ResultsCommand.Create(console));
        root.Subcommands.Add(RowsCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        root.Subcommands.Add(LeaderboardCommand.Create(console));
        root.Subcommands.Add(ScoreCommand.Create(console));
        root.Subcommands.Add(GateCommand.Create(console));
        root.Subcommands.Add(KeysCommand.Create(console));

        var parsed = root.Parse(args);
        var unknown = UnknownOptions.Find(parsed, args);
        if (unknown.Count > 0 || parsed.Errors.Count > 0)
        {
            foreach (var (_, message) in unknown)
            {
                console.Error(message);
            }
            // System.CommandLine's own line for a token reported above ("Unrecognized command or argument") adds nothing.
            foreach (var error in parsed.Errors.Where(e => !unknown.Any(u => e.Message.Contains($"'{u.Token}'", StringComparison.Ordinal))))
            {
                console.Error(error.Message);
            }
            console.ErrorWriter.WriteLine($"Run '{UnknownOptions.CommandPath(parsed.CommandResult.Command)} --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (EvalstoreException e)
        {
            console.Error(Messages.Of(e, parsed));
            return ExitCodes.For(e);
        }
        catch (HttpRequestException e)
        {
            console.Error($"Cannot reach the server: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error("Cancelled.");
            return ExitCodes.UsageError;
        }
        catch (IOException e)
        {
            console.Error(e.Message);
            return ExitCodes.UsageError;
        }
        catch (UnauthorizedAccessException e)
        {
            console.Error(e.Message);
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            console.Error($"unexpected failure, please report it: {e}");
            return ExitCodes.InternalError;
        }
    }
}

/// <summary>Where output goes: data to stdout (plain, for pipes), tables to stdout, messages and progress to stderr.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter stdout, TextWriter stderr)
    {
        Data = stdout;
        ErrorWriter = stderr;
        Out = Create(stdout, ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
        ErrIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        Err = Create(stderr, ErrIsTerminal);
    }

    /// <summary>Plain writer for JSON and JSONL output.</summary>
    public TextWriter Data { get; }

    /// <summary>Plain writer for errors.</summary>
    public TextWriter ErrorWriter { get; }

    /// <summary>Rich console for tables.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Rich console for progress and notes.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>True when stderr is a terminal: only then is a progress bar worth drawing (in a log it is a stale line).</summary>
    public bool ErrIsTerminal { get; }

    public void Error(string message) => ErrorWriter.WriteLine($"error: {message}");

    /// <summary>
    /// Runs <paramref name="work"/> under a progress display on a terminal, and without one (a null context) when stderr
    /// is a pipe or a log, where a bar is one stale "0%" line that never moves.
    /// </summary>
    public Task WithProgressAsync(Func<ProgressContext?, Task> work) => ErrIsTerminal
        ? Err.Progress().AutoClear(true).HideCompleted(true).StartAsync(context => work(context))
        : work(null);

    public void Note(string message) => Err.MarkupLine(Markup.Escape(message));

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Piped output has no terminal width; wrapping tables at 80 columns would only hurt a file or a log.
            console.Profile.Width = 240;
        }
        return console;
    }
}
