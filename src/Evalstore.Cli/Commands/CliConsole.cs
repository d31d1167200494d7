using Spectre.Console;

namespace Evalstore.Cli.Commands;

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
