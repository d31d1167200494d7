using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Bench;
using Evalstore.Server;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Sqlite;

// Usage: dotnet run -c Release --project bench/Evalstore.Bench -- [--rows N] [--batch N] [--db PATH]
// Starts a real server on loopback over a fresh SQLite file, ingests a synthetic result over HTTP, completes it,
// streams its row scores back, ingests a second result and compares the two. Prints each figure beside its bar.
var options = BenchOptions.Parse(args);
var directory = Path.Combine(Path.GetTempPath(), "evalstore-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
IServerStore store = await SqliteStore.OpenAsync(options.Database ?? Path.Combine(directory, "bench.db"));
try
{
    var app = await EvalstoreServer.BuildAsync(new ServerOptions
    {
        Store = store, Urls = "http://127.0.0.1:0", LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning, RequestsPerSecond = 0,
    });
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0] + "/"), Timeout = TimeSpan.FromMinutes(30) };
    var report = new Report();
    Console.Error.WriteLine($"Generating {options.Rows:N0} rows in batches of {options.Batch:N0}…");
    var first = await Ingest.RunAsync(http, "bench-a", SyntheticRows.Batches(options.Rows, options.Batch, 1, 0.7), report, "A");
    await Export.RunAsync(http, "bench-a", report);
    if (options.Compare)
    {
        await Ingest.RunAsync(http, "bench-b", SyntheticRows.Batches(options.Rows, options.Batch, 2, 0.72), report, "B");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var comparison = await http.GetFromJsonAsync<JsonElement>("api/v1/workspaces/default/compare?baseline=bench-a&candidate=bench-b");
        watch.Stop();
        var matched = comparison.GetProperty("candidates")[0].GetProperty("matched_items").GetInt64();
        report.Add("compare A vs B (2 scores, joined by digest)", watch.Elapsed.TotalSeconds, "s", "≤ 3 s", watch.Elapsed.TotalSeconds <= 3, $"{matched:N0} matched items, {Ingest.CpuSince(cpu):N2} CPU-s");
    }
    _ = first;
    await app.StopAsync();
    report.Print();
}
finally
{
    await store.DisposeAsync();
    if (options.Database is null)
    {
        Directory.Delete(directory, recursive: true);
    }
}

internal sealed record BenchOptions(int Rows, int Batch, string? Database, bool Compare)
{
    public static BenchOptions Parse(string[] args)
    {
        var rows = 1_000_000;
        var batch = 20_000;
        string? database = null;
        var compare = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--db": database = args[++i]; break;
                case "--no-compare": compare = false; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Options: --rows N --batch N --db PATH --no-compare");
            }
        }
        return new BenchOptions(rows, batch, database, compare);
    }
}
