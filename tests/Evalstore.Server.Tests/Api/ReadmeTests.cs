using System.Diagnostics;
using System.Globalization;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Api;

/// <summary>The README's Python snippet runs, unchanged but for the address, against a real server.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public async Task PythonSnippet_PushesAResultAndPrintsItsMeanWithInterval()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("```python", readme.IndexOf("## Push results from Python", StringComparison.Ordinal),
            StringComparison.Ordinal) + "```python".Length;
        var snippet = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        await using var server = await TestServer.StartAsync();
        var script = snippet.Replace("http://127.0.0.1:5757/", server.BaseAddress.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(snippet, script);

        var start_ = new ProcessStartInfo("python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start_)!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, error);
        var numbers = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2.0 / 3, double.Parse(numbers[0], CultureInfo.InvariantCulture), 9);
        // Issue 11: a 0/1 score is a proportion, so the interval is Wilson's [0.208, 0.939], not the t interval [−0.77, 2.10].
        Assert.Equal(0.208, Math.Round(double.Parse(numbers[1], CultureInfo.InvariantCulture), 3));
        Assert.Equal(0.939, Math.Round(double.Parse(numbers[2], CultureInfo.InvariantCulture), 3));
        Assert.Contains("0.6667 0.2077 0.9385", readme, StringComparison.Ordinal);   // what the README says it prints
        var result = await server.Store.GetResultAsync("default", "my-first-run");
        Assert.Equal(3, result!.RowCount);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Evalstore.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Evalstore.slnx not found above " + AppContext.BaseDirectory);
    }
}
