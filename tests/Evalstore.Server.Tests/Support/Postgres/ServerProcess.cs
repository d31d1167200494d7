using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Evalstore.Client;

namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>
/// A real <c>evalstore serve --postgres …</c> process on a free loopback port: one instance of a scaled-out deployment.
/// Separate processes share nothing but the database, which is what the scale-out tests must show.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private readonly List<string> _stdout;

    private ServerProcess(Process process, Uri baseAddress, List<string> stdout)
    {
        _process = process;
        BaseAddress = baseAddress;
        _stdout = stdout;
    }

    public Uri BaseAddress { get; }

    /// <summary>The lines the process wrote to stdout so far.</summary>
    public IReadOnlyList<string> StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>A typed client for this instance.</summary>
    public EvalstoreClient Client() => new(BaseAddress);

    /// <summary>Starts the server and waits until it listens; fails with its output if it exits or takes over a minute.</summary>
    public static Task<ServerProcess> StartAsync(string postgresConnectionString) =>
        StartAsync(["serve", "--postgres", postgresConnectionString, "--urls", "http://127.0.0.1:0"]);

    /// <summary>Starts <c>evalstore</c> with these arguments (a <c>serve</c> on port 0) and extra environment variables.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "evalstore.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("EVALSTORE_URL");
        start.Environment.Remove("EVALSTORE_DB");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start evalstore serve.");
        var output = new StringBuilder();
        var stdout = new List<string>();
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
            if (ServingAt().Match(e.Data) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(address.Task, exited, Task.Delay(TimeSpan.FromMinutes(1)));
        if (first != address.Task)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                throw new InvalidOperationException($"evalstore serve did not start listening:\n{output}");
            }
        }
        return new ServerProcess(process, await address.Task, stdout);
    }

    // ASP.NET Core logs the bound address on one line (the console note may wrap it).
    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingAt();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
