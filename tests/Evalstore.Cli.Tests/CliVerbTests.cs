using System.Text.Json;
using Evalstore.Cli.Commands;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>
/// Every verb against a local database file and against a real server: the same commands, the same output.
/// Each test runs once per target ("db" opens a SQLite file directly, "server" talks HTTP to a loopback server).
/// </summary>
public sealed class CliVerbTests : IAsyncLifetime
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
        ? ["--db", _directory.File("cli.db")]
        : ["--server", _server.BaseAddress.ToString()];

    private Task<CliRunner.Outcome> Run(string target, params string[] args) => CliRunner.RunAsync([.. args, .. Target(target)]);

    [Theory]
    [InlineData("db")]
    [InlineData("server")]
    public async Task Import_ThenShowListRowsAndDelete(string target)
    {
        var file = CliRunner.WriteSeed004(_directory);
        var import = await Run(target, "import", file, "--name", "seed004", "--model", "gpt-x", "--label", "team=evals");
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains("Imported 5 rows", import.Err, StringComparison.Ordinal);
        Assert.Contains("exact-match", import.Out, StringComparison.Ordinal);

        var show = await Run(target, "results", "show", "seed004", "--format", "json");
        Assert.Equal(0, show.ExitCode);
        using (var result = JsonDocument.Parse(show.Out))
        {
            var scores = result.RootElement.GetProperty("scores").EnumerateArray().ToList();
            Assert.Equal(0.6, scores.Single(s => s.GetProperty("metric").GetString() == "exact-match").GetProperty("mean").GetDouble(), 9);
            Assert.Equal(
                0.4, scores.Single(s => s.GetProperty("metric").GetString() == "string-check").GetProperty("std_dev").GetDouble(), 9);
            Assert.Equal("evals", result.RootElement.GetProperty("labels").GetProperty("team").GetString());
        }

        var list = await Run(target, "results", "list", "--filter", "model:\"gpt-x\"", "--format", "json");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal("seed004", JsonDocument.Parse(list.Out).RootElement[0].GetProperty("name").GetString());
        var table = await Run(target, "results", "list");
        Assert.Contains("seed004", table.Out, StringComparison.Ordinal);

        var rows = await Run(target, "rows", "seed004", "--where", "exact-match<0.7", "--format", "jsonl");
        Assert.Equal(0, rows.ExitCode);
        var lines = rows.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(43, JsonDocument.Parse(l).RootElement.GetProperty("row_digest").GetString()!.Length));

        var delete = await Run(target, "results", "delete", "seed004");
        Assert.Equal(0, delete.ExitCode);
        var gone = await Run(target, "results", "show", "seed004");
        Assert.Equal(ExitCodes.NotFound, gone.ExitCode);
        Assert.Contains("seed004", gone.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("db")]
    [InlineData("server")]
    public async Task CompareAndLeaderboard_PrintTablesAndJson(string target)
    {
        var file = CliRunner.WriteSeed004(_directory);
        Assert.Equal(0, (await Run(target, "import", file, "--name", "a", "--model", "m1", "--dataset", "qa")).ExitCode);
        var swapped = _directory.File("b.jsonl");
        File.WriteAllText(swapped,
            File.ReadAllText(file).Replace("\"exact-match\", \"value\": 0.0", "\"exact-match\", \"value\": 1.0", StringComparison.Ordinal));
        Assert.Equal(0, (await Run(target, "import", swapped, "--name", "b", "--model", "m2", "--dataset", "qa")).ExitCode);

        var compare = await Run(target, "compare", "a", "b");
        Assert.True(compare.ExitCode == 0, compare.Err);
        Assert.Contains("5 matched items", compare.Out, StringComparison.Ordinal);
        Assert.Contains("exact-match", compare.Out, StringComparison.Ordinal);
        var json = await Run(target, "compare", "a", "b", "--metric", "exact-match", "--format", "json");
        using (var report = JsonDocument.Parse(json.Out))
        {
            var comparison = report.RootElement.GetProperty("candidates")[0].GetProperty("scores")[0].GetProperty("comparison");
            Assert.Equal(0.4, comparison.GetProperty("difference").GetDouble(), 9);
        }
        var board = await Run(target, "leaderboard", "--dataset", "qa");
        Assert.Equal(0, board.ExitCode);
        Assert.Contains("m2", board.Out, StringComparison.Ordinal);
        Assert.True(board.Out.IndexOf("m2", StringComparison.Ordinal) < board.Out.IndexOf("m1", StringComparison.Ordinal),
            "m2 ranks first on exact-match");
    }

    [Theory]
    [InlineData("db")]
    [InlineData("server")]
    public async Task Keys_CreateListRevoke(string target)
    {
        // Against a server, managing keys needs an admin key of the workspace (bootstrapped here through the store).
        string[] auth =
            target == "db" ? [] : ["--api-key", (await _server.Store.CreateKeyAsync("team-a", Core.Model.KeyRole.Admin)).Secret];
        Task<CliRunner.Outcome> Run(string t, params string[] args) => this.Run(t, [.. args, .. auth]);
        var created = await Run(target, "keys", "create", "--workspace", "team-a", "--role", "read", "--description", "dashboards");
        Assert.Equal(0, created.ExitCode);
        var secret = created.Out.Trim();
        Assert.StartsWith("es_", secret, StringComparison.Ordinal);
        Assert.Contains("shown only once", created.Err, StringComparison.Ordinal);
        var list = await Run(target, "keys", "list", "--workspace", "team-a", "--format", "json");
        var key = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Single(k => k.GetProperty("role").GetString() == "read");
        Assert.Equal("read", key.GetProperty("role").GetString());
        Assert.DoesNotContain(secret, list.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await Run(target, "keys", "revoke", key.GetProperty("id").GetString()!, "--workspace", "team-a")).ExitCode);
        Assert.Equal(ExitCodes.NotFound,
            (await Run(target, "keys", "revoke", key.GetProperty("id").GetString()!, "--workspace", "team-a")).ExitCode);
    }

    [Fact]
    public async Task BadInput_GivesUsageErrorsOnStderr()
    {
        var missingFile = await CliRunner.RunAsync("import", _directory.File("nope.jsonl"), "--name", "x", "--db", _directory.File("e.db"));
        Assert.Equal(ExitCodes.UsageError, missingFile.ExitCode);
        Assert.Contains("no such file", missingFile.Err, StringComparison.Ordinal);

        var badLine = _directory.File("bad.jsonl");
        File.WriteAllText(badLine, Rows.Seed004[0] + "\n{\"item\": 1}\n");
        var bad = await CliRunner.RunAsync("import", badLine, "--name", "x", "--db", _directory.File("e.db"));
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
        Assert.Contains("bad.jsonl: line 2", bad.Err, StringComparison.Ordinal);
        Assert.Equal("", bad.Out);

        var unknownOption = await CliRunner.RunAsync("results", "list", "--colour", "red");
        Assert.Equal(ExitCodes.UsageError, unknownOption.ExitCode);
        var badFormat = await CliRunner.RunAsync("results", "list", "--format", "yaml", "--db", _directory.File("e.db"));
        Assert.Equal(ExitCodes.UsageError, badFormat.ExitCode);
        var unreachable = await CliRunner.RunAsync("results", "list", "--server", "http://127.0.0.1:1");
        Assert.Equal(ExitCodes.Unavailable, unreachable.ExitCode);
    }
}
