using System.Diagnostics;
using System.Globalization;
using Evalstore.Server;
using Evalstore.Server.Hosting;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;

namespace Evalstore.Bench;

/// <summary>
/// The server under test runs in a child process (this executable with <c>serve-child</c>), so its CPU time and peak
/// working set are its own, not shared with the client's generated batches or with DuckDB. Figures come from
/// /proc/&lt;pid&gt;: <c>stat</c> for CPU, <c>status</c> for VmRSS and VmHWM; writing 5 to <c>clear_refs</c> resets the peak.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const string ReadyLine = "listening at ";
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>Starts the child over a SQLite file or a PostgreSQL database and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string storeArgument, string storeValue)
    {
        // `dotnet Evalstore.Bench.dll serve-child …`, whether this process was started by its apphost or by dotnet.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        start.ArgumentList.Add("serve-child");
        start.ArgumentList.Add(storeArgument);
        start.ArgumentList.Add(storeValue);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ReadyLine, StringComparison.Ordinal))
            {
                return new ServerProcess(process, new Uri(line[ReadyLine.Length..] + "/"));
            }
        }
        throw new InvalidOperationException($"The server process exited ({process.ExitCode}) before it listened.");
    }

    /// <summary>The child's side: a server without a request limit (the read bench sends 8 clients' worth) until stdin closes.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        await using IServerStore store = args[1] == "--db"
            ? await SqliteStore.OpenAsync(args[2])
            : await PostgresStore.OpenAsync(args[2]);
        var app = await EvalstoreServer.BuildAsync(new ServerOptions
        {
            Store = store, Urls = "http://127.0.0.1:0", LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning, RequestsPerSecond = 0,
        });
        await using var _ = app;
        await app.StartAsync();
        Console.WriteLine(ReadyLine + app.Addresses()[0]);
        // The parent ends the child by closing its stdin (or killing it if it hangs).
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>User plus system CPU seconds of the server process so far.</summary>
    public double CpuSeconds() => ProcStat.CpuSeconds(Pid);

    /// <summary>Peak resident set (VmHWM) in MB since start or the last <see cref="ResetPeak"/>.</summary>
    public double PeakMb() => Status("VmHWM:");

    /// <summary>Resident set (VmRSS) now, in MB.</summary>
    public double ResidentMb() => Status("VmRSS:");

    /// <summary>Resets VmHWM to the current resident set (Linux 4.0+), so the next peak is of what follows.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{Pid}/clear_refs", "5");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }
        _process.Dispose();
    }

    private double Status(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmHWM:    123456 kB"
                return double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }
        return double.NaN;
    }
}
