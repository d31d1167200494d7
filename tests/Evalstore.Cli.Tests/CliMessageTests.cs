using System.Diagnostics;
using System.Text.RegularExpressions;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>
/// What a new user sees when something is off, as exact snapshots of stdout, stderr and the exit code: unknown options
/// with the closest known one, one meaning of --format per verb, messages without HTTP words, the API key hint,
/// "did you mean" for result names, counts in agreement, no stale progress line, and the gate's shell hint.
/// </summary>
public sealed partial class CliMessageTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private TestServer _server = null!;

    private string Db => _directory.File("cli.db");

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<string> ImportOneRowAsync(string name)
    {
        var file = _directory.File(name + ".jsonl");
        await File.WriteAllTextAsync(file, Rows.Jsonl([Rows.Seed004[0]]));
        var outcome = await CliRunner.RunAsync("import", file, "--name", name, "--db", Db);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        return file;
    }

    private static void AssertOutcome(CliRunner.Outcome actual, int exitCode, string stdout, string stderr)
    {
        Assert.Equal(stderr, actual.Err.ReplaceLineEndings("\n"));
        Assert.Equal(stdout, actual.Out.ReplaceLineEndings("\n"));
        Assert.Equal(exitCode, actual.ExitCode);
    }

    [Fact]
    public async Task UnknownOption_IsReportedWithTheClosestKnownOne()
    {
        var file = CliRunner.WriteSeed004(_directory);
        var outcome = await CliRunner.RunAsync("import", "--nmae", "x", file, "--db", Db);
        AssertOutcome(outcome, 2, "",
            "error: unknown option '--nmae' for 'evalstore import'. Did you mean '--name'?\nRun 'evalstore import --help' for usage.\n");
        Assert.False(File.Exists(Db), "nothing was opened or imported");

        var far = await CliRunner.RunAsync("results", "list", "--colour", "--db", Db);
        AssertOutcome(far, 2, "",
            "error: unknown option '--colour' for 'evalstore results list'.\nRun 'evalstore results list --help' for usage.\n");
    }

    [Fact]
    public async Task Format_IsOneOptionPerVerb_AndAnUnsupportedValueIsAnError()
    {
        var list = await CliRunner.RunAsync("results", "list", "--format", "xlsx", "--db", Db);
        AssertOutcome(list, 2, "",
            "error: --format xlsx: 'results list' writes table, json or jsonl.\nRun 'evalstore results list --help' for usage.\n");

        var import = await CliRunner.RunAsync("import", CliRunner.WriteSeed004(_directory), "--format", "inspect", "--db", Db);
        AssertOutcome(import, 2, "",
            "error: --format inspect: 'import' writes table or json. " +
            "What the files are is --input-format (auto, rows, lm-eval, inspect or promptfoo).\n" +
            "Run 'evalstore import --help' for usage.\n");

        var help = await CliRunner.RunAsync("import", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Single(FormatOption().Matches(help.Out));
        Assert.Contains("--input-format", help.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_CarryNoHttpWords()
    {
        var outcome = await CliRunner.RunAsync("import", CliRunner.WriteSeed004(_directory), "--label", "team", "--db", Db);
        AssertOutcome(outcome, 2, "", "error: --label 'team' is not key=value.\n");
    }

    [Fact]
    public async Task UnknownResult_SuggestsTheClosestName()
    {
        await ImportOneRowAsync("qa-gpt-4o-mini");
        var show = await CliRunner.RunAsync("results", "show", "qa-gpt4o-mini", "--db", Db);
        AssertOutcome(show, 3, "", "error: No result 'qa-gpt4o-mini' in workspace 'default'. Did you mean 'qa-gpt-4o-mini'?\n");
        var unrelated = await CliRunner.RunAsync("compare", "qa-gpt-4o-mini", "something-else", "--db", Db);
        AssertOutcome(unrelated, 3, "", "error: No result 'something-else' in workspace 'default'.\n");
    }

    [Fact]
    public async Task Counts_AgreeWithTheirNouns_AndSmallImportsPrintNoProgressLine()
    {
        var file = await ImportOneRowAsync("single");
        var again = await CliRunner.RunAsync("import", file, "--name", "single-again", "--replace", "--format", "json", "--db", Db);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("%", again.Err, StringComparison.Ordinal);

        var imported = await CliRunner.RunAsync("import", await WriteAsync("one.jsonl", Rows.Seed004[1]), "--name", "one", "--db", Db);
        Assert.Equal(0, imported.ExitCode);
        Assert.Equal("Imported 1 row (1 item) from <file> as 'one' (<id>).\n", Normalize(imported.Err));

        var list = await CliRunner.RunAsync("results", "list", "--filter", "name:\"one\"", "--db", Db);
        Assert.Equal("Page 1 of 1, 1 result.\n", list.Err.ReplaceLineEndings("\n"));
        var rows = await CliRunner.RunAsync("rows", "one", "--db", Db);
        Assert.Equal("1 row.\n", rows.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task MissingOrRefusedKey_PointsAtTheCliOptions()
    {
        if (Environment.GetEnvironmentVariable("EVALSTORE_API_KEY") is { Length: > 0 })
        {
            Assert.Fail("EVALSTORE_API_KEY is set in the test environment; unset it, the CLI would send it.");
        }
        await _server.Store.CreateKeyAsync("default", Core.Model.KeyRole.Admin);
        var url = _server.BaseAddress.ToString();
        var missing = await CliRunner.RunAsync("results", "list", "--server", url);
        AssertOutcome(missing, 5, "",
            "error: The server needs an API key: pass --api-key KEY or set EVALSTORE_API_KEY " +
            "(an admin creates one with 'evalstore keys create').\n");
        var refused = await CliRunner.RunAsync("results", "list", "--server", url, "--api-key", "es_not_a_key");
        AssertOutcome(refused, 5, "",
            "error: The server refused the API key (from --api-key or EVALSTORE_API_KEY): it is unknown or revoked.\n");
    }

    [Fact]
    public async Task Gate_RequirementEatenByTheShell_SaysToQuoteIt()
    {
        await ImportOneRowAsync("candidate");
        // What `evalstore gate candidate --require exact-match.mean>=0.8` unquoted does: the shell makes a file '=0.8' and
        // passes exact-match.mean alone. Run the real tool in that directory, as the shell would.
        var work = Directory.CreateDirectory(_directory.File("work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "=0.8"), "");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { typeof(CliApp).Assembly.Location, "gate", "candidate", "--require", "exact-match.mean", "--db", Db },
        };
        start.Environment.Remove("EVALSTORE_URL");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        AssertOutcome(new CliRunner.Outcome(process.ExitCode, await stdout, await stderr), 2, "",
            "error: Requirement 'exact-match.mean' has no comparison operator, " +
            "and a file named '=0.8' appeared here: did your shell eat `>=`? " +
            "quote the requirement: --require 'exact-match.mean>=0.8' (then delete the file '=0.8').\n");
    }

    private async Task<string> WriteAsync(string name, string line)
    {
        var path = _directory.File(name);
        await File.WriteAllTextAsync(path, Rows.Jsonl([line]));
        return path;
    }

    private string Normalize(string text) =>
        IdPattern().Replace(
            text.ReplaceLineEndings("\n").Replace(_directory.File("one.jsonl"), "<file>").Replace("one.jsonl", "<file>"), "<id>");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\s+--format\b", RegexOptions.Multiline)]
    private static partial Regex FormatOption();
}
