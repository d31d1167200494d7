using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>
/// The built <c>evalstore serve</c> (evalstore.dll) as its own process on a free loopback port, to be killed with
/// SIGKILL mid-work: nothing of it runs in the test process, so nothing of a kill is softened.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServeProcess(Process process, Uri baseAddress, StringBuilder output)
    {
        _process = process;
        BaseAddress = baseAddress;
        _output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>evalstore serve</c> over the store's arguments (<c>--db F</c> or <c>--postgres …</c>) and waits until it listens.
    /// </summary>
    public static async Task<ServeProcess> StartAsync(IReadOnlyList<string> storeArguments, params string[] more)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "evalstore.dll"), "serve" }
            .Concat(storeArguments).Concat(["--urls", "http://127.0.0.1:0"]).Concat(more))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("EVALSTORE_URL");
        start.Environment.Remove("EVALSTORE_DB");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start evalstore serve.");
        var output = new StringBuilder();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var first = await Task.WhenAny(address.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1)));
        if (first != address.Task)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                throw new InvalidOperationException($"evalstore serve did not start listening:\n{output}");
            }
        }
        return new ServeProcess(process, await address.Task, output);
    }

    /// <summary>kill -9: SIGKILL, no shutdown, no flush; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true); // SIGKILL on Linux
        await _process.WaitForExitAsync();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }
}
