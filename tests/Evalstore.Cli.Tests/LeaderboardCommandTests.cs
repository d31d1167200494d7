using System.Globalization;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>Issue 11: the leaderboard says which score orders it, lets the user choose, and ranks by paired tests.</summary>
public sealed class LeaderboardCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Db => _directory.File("leaderboard.db");

    public void Dispose() => _directory.Dispose();

    private async Task ImportAsync(string name, string model, int right)
    {
        var lines = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"item\": {{\"q\": {i}}}, \"sample\": {{}}, \"latency_ms\": {100 + i % 9 + right}, ")
            + "\"metrics\": {\"exact\": [{\"name\": \"exact\", \"value\": " + (i < right ? "1.0" : "0.0") + "}]}}");
        var file = _directory.File(name + ".jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var outcome = await CliRunner.RunAsync("import", file, "--name", name, "--model", model, "--dataset", "shared", "--db", Db);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
    }

    [Fact]
    public async Task SharedItems_RankByPairedTests_AndTheOrderingScoreIsNamedAndChosen()
    {
        await ImportAsync("run-a", "model-a", 108);
        await ImportAsync("run-b", "model-b", 120);
        var byExact = await CliRunner.RunAsync("leaderboard", "--dataset", "shared", "--order-by", "exact", "--db", Db);
        Assert.True(byExact.ExitCode == 0, byExact.Err);
        Assert.Contains("Ordered by exact, ranked by paired tests on shared items (choose with --order-by).", byExact.Out,
            StringComparison.Ordinal);
        Assert.Contains("#1 0.6 [0.531, 0.665] n=200 shared 100%", byExact.Out, StringComparison.Ordinal);
        Assert.Contains("#2 0.54 [0.471, 0.608] n=200 shared 100%", byExact.Out, StringComparison.Ordinal);
        Assert.True(byExact.Out.IndexOf("model-b", StringComparison.Ordinal) < byExact.Out.IndexOf("model-a", StringComparison.Ordinal));
        // Lower latency is better: model-a (100–108 + 108 ms) beats model-b (+120 ms) on every item.
        var byLatency = await CliRunner.RunAsync("leaderboard", "--dataset", "shared", "--order-by", "latency_ms", "--db", Db);
        Assert.Contains("Ordered by latency_ms, ranked by paired tests", byLatency.Out, StringComparison.Ordinal);
        Assert.True(byLatency.Out.IndexOf("model-a", StringComparison.Ordinal)
            < byLatency.Out.IndexOf("model-b", StringComparison.Ordinal));
    }
}
