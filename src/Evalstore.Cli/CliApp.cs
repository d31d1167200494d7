using System.CommandLine;
using Evalstore.Cli.Commands;
using Evalstore.Core;
using Spectre.Console;

namespace Evalstore.Cli;

/// <summary>Builds the command tree and runs it, turning every failure into a message on stderr and an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
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
        root.Subcommands.Add(ItemsCommand.Create(console));
        root.Subcommands.Add(ScoreCommand.Create(console));
        root.Subcommands.Add(GateCommand.Create(console));
        root.Subcommands.Add(KeysCommand.Create(console));
        root.Subcommands.Add(PruneCommand.Create(console));
        root.Subcommands.Add(BackupCommand.CreateBackup(console));
        root.Subcommands.Add(BackupCommand.CreateRestore(console));
        root.Subcommands.Add(IntegrityCommand.Create(console));
        root.Subcommands.Add(CopyCommand.Create(console));

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
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false },
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
