using System.Globalization;
using System.Xml.Linq;
using Evalstore.Cli.Commands;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>The CI gate's exit codes and files for pass, fail, inconclusive and error.</summary>
public sealed class GateTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Db => _directory.File("gate.db");

    public void Dispose() => _directory.Dispose();

    /// <summary>Imports a result of <paramref name="n"/> items whose 'correct' score passes on a share <paramref name="rate"/> of
    /// them.</summary>
    private async Task ImportAsync(string name, int n, double rate, int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, n).Select(i =>
        {
            var pass = random.NextDouble() < rate;
            return "{\"row_index\": " + i.ToString(CultureInfo.InvariantCulture) + ", \"item\": {\"q\": "
                + i.ToString(CultureInfo.InvariantCulture)
                + "}, \"sample\": {}, \"latency_ms\": " + (100 + i % 50).ToString(CultureInfo.InvariantCulture)
                + ", \"metrics\": {\"correct\": [{\"name\": \"correct\", \"value\": " + (pass ? "true" : "false") + "}]}}";
        });
        var file = _directory.File(name + ".jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var outcome = await CliRunner.RunAsync("import", file, "--name", name, "--db", Db);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
    }

    [Fact]
    public async Task Requirements_PassWritesJUnitAndMarkdown()
    {
        await ImportAsync("candidate", 400, 0.9, 1);
        var junit = _directory.File("gate.xml");
        var summary = _directory.File("gate.md");
        var outcome = await CliRunner.RunAsync("gate", "candidate", "--require", "correct.mean>=0.8", "--require", "correct.ci_low>=0.8",
            "--require", "latency_ms.p90<=200", "--junit", junit, "--summary", summary, "--db", Db);
        Assert.True(outcome.ExitCode == ExitCodes.Success, outcome.Out + outcome.Err);
        var suite = XDocument.Load(junit).Root!;
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        Assert.Equal(3, suite.Descendants("testcase").Count());
        var markdown = await File.ReadAllTextAsync(summary);
        Assert.Contains("passed", markdown, StringComparison.Ordinal);
        Assert.Contains("`correct.ci_low>=0.8`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedRequirementOrSignificantRegression_ExitsOne()
    {
        await ImportAsync("baseline", 400, 0.9, 1);
        await ImportAsync("worse", 400, 0.6, 2);
        var junit = _directory.File("gate.xml");
        var outcome =
            await CliRunner.RunAsync("gate", "worse", "--baseline", "baseline", "--max-drop", "0.05", "--require", "correct.mean>=0.8",
            "--junit", junit, "--db", Db);
        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var failures = XDocument.Load(junit).Descendants("failure").Select(f => f.Parent!.Attribute("name")!.Value).ToList();
        Assert.Contains("correct.mean>=0.8", failures);
        Assert.Contains("no regression: correct", failures);
        Assert.Contains("FAIL", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASmallNoisyDrop_IsInconclusiveNotAFailure_UnlessStrict()
    {
        await ImportAsync("small-baseline", 12, 0.75, 3);
        await ImportAsync("small-candidate", 12, 0.6, 4);
        var outcome = await CliRunner.RunAsync(
            "gate", "small-candidate", "--baseline", "small-baseline", "--max-drop", "0.02", "--format", "json", "--db", Db);
        Assert.True(outcome.ExitCode == ExitCodes.Success, outcome.Out + outcome.Err);
        Assert.Contains("\"status\": \"inconclusive\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("minimum_detectable_effect", outcome.Out, StringComparison.Ordinal);
        var strict = await CliRunner.RunAsync(
            "gate", "small-candidate", "--baseline", "small-baseline", "--max-drop", "0.02", "--strict", "--db", Db);
        Assert.Equal(ExitCodes.GateFailed, strict.ExitCode);
    }

    [Fact]
    public async Task NoiseWithinTheAllowedDrop_Passes()
    {
        await ImportAsync("base", 400, 0.85, 5);
        await ImportAsync("same", 400, 0.85, 6);
        var outcome = await CliRunner.RunAsync("gate", "same", "--baseline", "base", "--max-drop", "0.05", "--db", Db);
        Assert.True(outcome.ExitCode == ExitCodes.Success, outcome.Out + outcome.Err);
    }

    [Fact]
    public async Task BadRequirementsOrMissingResults_AreUsageErrors()
    {
        await ImportAsync("candidate", 20, 0.9, 1);
        var malformed = await CliRunner.RunAsync("gate", "candidate", "--require", "correct>=0.8", "--db", Db);
        Assert.Equal(ExitCodes.UsageError, malformed.ExitCode);
        Assert.Contains("score.statistic", malformed.Err, StringComparison.Ordinal);
        var unknown = await CliRunner.RunAsync("gate", "nope", "--require", "correct.mean>=0.8", "--db", Db);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        var nothing = await CliRunner.RunAsync("gate", "candidate", "--db", Db);
        Assert.Equal(ExitCodes.UsageError, nothing.ExitCode);
        var missingScore = await CliRunner.RunAsync("gate", "candidate", "--require", "colour.mean>=1", "--db", Db);
        Assert.Equal(ExitCodes.GateFailed, missingScore.ExitCode);
        Assert.Contains("no score 'colour'", missingScore.Out, StringComparison.Ordinal);
    }
}
