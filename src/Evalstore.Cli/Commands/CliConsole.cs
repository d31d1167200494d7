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
        Err = Create(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
    }

    /// <summary>Plain writer for JSON and JSONL output.</summary>
    public TextWriter Data { get; }

    /// <summary>Plain writer for errors.</summary>
    public TextWriter ErrorWriter { get; }

    /// <summary>Rich console for tables.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Rich console for progress and notes.</summary>
    public IAnsiConsole Err { get; }

    public void Error(string message) => ErrorWriter.WriteLine($"error: {message}");

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
