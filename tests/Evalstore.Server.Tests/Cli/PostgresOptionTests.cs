namespace Evalstore.Server.Tests.Cli;

/// <summary>The <c>--postgres</c> option's rules, which need no database: it excludes --db and --server, and an unreachable server is a
/// clear error.</summary>
public sealed class PostgresOptionTests
{
    [Theory]
    [InlineData("--db", "x.db", "--postgres or --db")]
    [InlineData("--server", "http://127.0.0.1:9", "--server or --postgres")]
    public async Task Postgres_WithAnotherStore_IsAUsageError(string option, string value, string message)
    {
        var outcome = await CliRun.RunAsync("results", "list", "--postgres", "Host=127.0.0.1;Database=x", option, value);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithServer_IsAUsageError()
    {
        var outcome = await CliRun.RunAsync("serve", "--server", "http://127.0.0.1:9", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("not another server", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_Unreachable_IsUnavailableAndNamesTheServer()
    {
        // Port 1 on loopback refuses at once; nothing listens there.
        var outcome =
            await CliRun.RunAsync("results", "list", "--postgres", "Host=127.0.0.1;Port=1;Database=evalstore;Username=u;Timeout=3");
        Assert.Equal(6, outcome.ExitCode);
        Assert.Contains("Cannot connect to PostgreSQL database 'evalstore' on 127.0.0.1:1", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_BadConnectionString_IsAUsageError()
    {
        var outcome = await CliRun.RunAsync("results", "list", "--postgres", "Hots=127.0.0.1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Invalid PostgreSQL connection string", outcome.Stderr, StringComparison.Ordinal);
    }
}
