using System.Text.Json;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>Issue 18: <c>evalstore items</c> on a database file and on a server prints the same analysis.</summary>
public sealed class ItemsCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private string[] Target(string target) => target == "db"
        ? ["--db", _directory.File("items.db")]
        : ["--server", _server.BaseAddress.ToString()];

    // Three models answer "B" where the reference says "A"; a fourth answers "A". Item 1 everyone solves.
    private async Task ImportAsync(string target, int model)
    {
        string[] outputs = ["B", "B.", "b", "A"];
        var lines = new[]
        {
            $$"""{"row_index": 0, "item": {"input": "Pick one", "reference": "A"}, "sample": {"output_text": "{{outputs[model]}}"},""" +
                $$$""" "metrics": {"exact": [{"name": "exact", "value": {{{(model == 3 ? "true" : "false")}}}}]}}""",
            """{"row_index": 1, "item": {"input": "Say yes", "reference": "yes"}, "sample": {"output_text": "yes"},""" +
                """ "metrics": {"exact": [{"name": "exact", "value": true}]}}""",
        };
        var file = _directory.File($"m{model}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var outcome = await CliRunner.RunAsync(
            ["import", file, "--name", $"run-{model}", "--model", $"m{model}", "--dataset", "pick", .. Target(target)]);
        Assert.True(outcome.ExitCode == 0, outcome.Err);
    }

    [Theory]
    [InlineData("db")]
    [InlineData("server")]
    public async Task Items_FlagsTheSuspectReference_InTableAndJson(string target)
    {
        for (var model = 0; model < 4; model++)
        {
            await ImportAsync(target, model);
        }
        var table = await CliRunner.RunAsync(["items", "--dataset", "pick", .. Target(target)]);
        Assert.True(table.ExitCode == 0, table.Err);
        Assert.Contains("Score exact: the first 0/1 score of run-3 (default) (choose with --score).", table.Out, StringComparison.Ordinal);
        Assert.Contains("suspect_reference (3 say \"b\", reference \"A\")", table.Out, StringComparison.Ordinal);
        Assert.Contains("n/a", table.Out, StringComparison.Ordinal);
        Assert.Contains("2 items of 2 match; flags: suspect_reference 1, all_fail 0, all_pass 1, unstable 0.", table.Err,
            StringComparison.Ordinal);

        var json = await CliRunner.RunAsync(["items", "--dataset", "pick", "--flag", "suspect_reference", "--format", "json",
            .. Target(target)]);
        Assert.True(json.ExitCode == 0, json.Err);
        using var report = JsonDocument.Parse(json.Out);
        var item = Assert.Single(report.RootElement.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(0.25, item.GetProperty("solve_rate").GetDouble(), 12);
        Assert.Equal(4, item.GetProperty("results").GetArrayLength());

        var bad = await CliRunner.RunAsync(["items", "--dataset", "pick", "--flag", "wrong", .. Target(target)]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'flag' must be one of suspect_reference, all_fail, all_pass, unstable", bad.Err, StringComparison.Ordinal);
    }
}
