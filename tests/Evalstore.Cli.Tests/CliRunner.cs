using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>Runs the real command tree in process and captures stdout, stderr and the exit code.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Out, string Err);

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    public static string WriteSeed004(TempDirectory directory)
    {
        var path = directory.File("seed004.jsonl");
        File.WriteAllText(path, Rows.Jsonl(Rows.Seed004));
        return path;
    }
}
