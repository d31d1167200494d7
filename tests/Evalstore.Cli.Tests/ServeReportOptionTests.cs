using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests;

/// <summary>Issue 18: <c>serve --report</c> refuses a bad schedule or webhook at start-up, with exit code 2.</summary>
public sealed class ServeReportOptionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(new[] { "--report", "0 25 * * *", "--report-webhook", "http://127.0.0.1:9/hook" }, "is not a cron expression")]
    [InlineData(new[] { "--report", "0 9 * * 1", "--report-webhook", "not a url" }, "is not an absolute http(s) URL")]
    [InlineData(new[] { "--report", "0 9 * * 1" }, "--report needs at least one --report-webhook URL")]
    [InlineData(new[] { "--report-webhook", "http://127.0.0.1:9/hook" }, "--report-webhook needs --report")]
    [InlineData(new[] { "--report", "0 0 * * *", "--report-webhook", "http://127.0.0.1:9/h", "--report-since", "soon" },
        "--report-since must be")]
    public async Task Serve_RefusesABadSchedule(string[] options, string expected)
    {
        var outcome = await CliRunner.RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--db", _directory.File("serve.db"), .. options]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Err, StringComparison.Ordinal);
    }
}
