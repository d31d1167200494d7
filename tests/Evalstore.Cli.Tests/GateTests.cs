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

    /// <summary>
    /// Imports rows whose 'exact' score is the 0/1 number <paramref name="right"/>(i) and whose latency is
    /// <paramref name="latency"/>(i).
    /// </summary>
    private async Task ImportLinesAsync(string name, int n, Func<int, bool> right, Func<int, double> latency)
    {
        var lines = Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"item\": {{\"q\": {i}}}, \"sample\": {{}}, \"latency_ms\": {latency(i):R}, ")
            + "\"metrics\": {\"exact\": [{\"name\": \"exact\", \"value\": " + (right(i) ? "1.0" : "0.0") + "}]}}");
        var file = _directory.File(name + ".jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var outcome = await CliRunner.RunAsync("import", file, "--name", name, "--db", Db);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
    }

    [Fact]
    public async Task Messages_NameTheChangeByItsOwnSign()
    {
        // Issue 11: 1000 items, 0/1 numbers: right on 600, then on 543 of them (McNemar b = 57, c = 0), and a latency that
        // fell by 56.95 ms (lower is better), which used to read "changed by +56.95 in the better direction".
        await ImportLinesAsync("sign-base", 1000, i => i < 600, i => 100 + i % 7);
        await ImportLinesAsync("sign-cand", 1000, i => i < 543, i => 43.05 + i % 7);
        var outcome = await CliRunner.RunAsync("gate", "sign-cand", "--baseline", "sign-base", "--max-drop", "0.02", "--format", "markdown",
            "--db", Db);
        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        Assert.Contains("exact: 0.6 → 0.543; dropped by 0.057 (worse), more than the allowed 0.02, and significant (mcnemar-exact",
            outcome.Out, StringComparison.Ordinal);
        Assert.Contains("improved by 56.95 (dropped)", outcome.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("better direction", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInconclusivePass_SaysSoInItsFirstLine_WithTheMde()
    {
        // 20 items, 4 lost and none won: exact McNemar p = 0.125 (the paired t test said "worse" at p = 0.042); Holm doubles it
        // for the second score compared (latency_ms).
        await ImportLinesAsync("few-base", 20, i => i < 14, _ => 100);
        await ImportLinesAsync("few-cand", 20, i => i < 10, _ => 100);
        var outcome = await CliRunner.RunAsync("gate", "few-cand", "--baseline", "few-base", "--max-drop", "0.05", "--score", "exact",
            "--db", Db);
        Assert.True(outcome.ExitCode == ExitCodes.Success, outcome.Out + outcome.Err);
        var first = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.StartsWith("Gate passed only because the sample cannot show a drop of that size (exact minimum detectable effect 0.",
            first, StringComparison.Ordinal);
        var json = await CliRunner.RunAsync("gate", "few-cand", "--baseline", "few-base", "--max-drop", "0.05", "--score", "exact",
            "--format", "markdown", "--db", Db);
        Assert.Contains("the build passes only because n = 20 items cannot show a drop of 0.05", json.Out, StringComparison.Ordinal);
        Assert.Contains("dropped by 0.2 (worse) (mcnemar-exact, Holm-adjusted p = 0.25)", json.Out, StringComparison.Ordinal);
    }
}
