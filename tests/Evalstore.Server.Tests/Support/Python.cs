using System.Diagnostics;

namespace Evalstore.Server.Tests.Support;

/// <summary>Runs a Python 3 script as a real client (the machine has python3 with requests) and returns its standard output.</summary>
public static class Python
{
    public static async Task<string> RunAsync(string script, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("python3", ["-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        // Loopback only: never route the test's requests through a proxy.
        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        start.Environment["no_proxy"] = "127.0.0.1,localhost";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"python3 failed ({process.ExitCode}): {await error}\n--- script ---\n{script}");
        return (await output).Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
