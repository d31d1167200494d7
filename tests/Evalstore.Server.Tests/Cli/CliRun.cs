using Evalstore.Cli;

namespace Evalstore.Server.Tests.Cli;

/// <summary>Runs the <c>evalstore</c> command in-process and captures what it prints.</summary>
public static class CliRun
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return new Outcome(exit, stdout.ToString(), stderr.ToString());
    }
}
