using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Bench;
using Evalstore.Server;
using Evalstore.Server.Hosting;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;

// Usage: dotnet run -c Release --project bench/Evalstore.Bench -- [--rows N] [--batch N] [--db PATH] [--no-compare]
//        [--exports-only]
//        [--store sqlite|postgres|both] [--postgres "CONNECTION STRING"]
// For each store, starts a real server on loopback over a fresh database, ingests a synthetic result over HTTP,
// completes it, streams its row scores back, ingests a second result and compares the two, then times reads under
// concurrent load. Prints each figure beside its bar; the same code measures SQLite and PostgreSQL, so their figures
// compare directly.
var options = BenchOptions.Parse(args);
var report = new Report();
if (options.Runs("sqlite"))
{
    var directory = Path.Combine(Path.GetTempPath(), "evalstore-bench-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(directory);
    try
    {
        await using var store = await SqliteStore.OpenAsync(options.Database ?? Path.Combine(directory, "bench.db"));
        await MeasureAsync(store, new BenchTarget("SQLite", CountsPostgres: false));
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}
if (options.Runs("postgres"))
{
    // Declared first, disposed last: the store's connections close before the database is dropped.
    await using var database = await ThrowawayDatabase.CreateAsync(options.Postgres!);
    await using var store = await PostgresStore.OpenAsync(database.ConnectionString);
    await MeasureAsync(store, new BenchTarget("PostgreSQL", CountsPostgres: true));
}
report.Print();
return 0;

async Task MeasureAsync(IServerStore store, BenchTarget target)
{
    var load = CpuClock.LoadAverage();
    var app = await EvalstoreServer.BuildAsync(new ServerOptions
    {
        Store = store, Urls = "http://127.0.0.1:0", LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning, RequestsPerSecond = 0,
    });
    await using var _ = app;
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0] + "/"), Timeout = TimeSpan.FromMinutes(30) };
    if (options.Results is { } sizes)
    {
        // --results: grow one store through each size in turn and time the reads at each (issue 15).
        await ResultsScale.ImportsAsync(http, options.Imports, report, target);
        var filled = 0;
        foreach (var size in sizes.Order())
        {
            await ResultsScale.FillAsync(store, filled, size, report, target);
            filled = size;
            await ResultsScale.MeasureAsync(http, size, report, target);
        }
        await app.StopAsync();
        report.Note($"{target.Store}: 1-minute load average {load} before, {CpuClock.LoadAverage()} after");
        return;
    }
    Console.Error.WriteLine($"{target.Store}: generating {options.Rows:N0} rows in batches of {options.Batch:N0}…");
    await Ingest.RunAsync(
        http, "bench-a", SyntheticRows.Batches(options.Rows, options.Batch, 1, 0.7), report, "A", target, options.InFlight);
    await Export.RunAsync(http, "bench-a", report, target);
    // Compressed as a client that asks for it gets it: Brotli, and gzip (what Python requests asks for by default).
    await Export.RunAsync(http, "bench-a", report, target, "br");
    await Export.RunAsync(http, "bench-a", report, target, "gzip");
    if (options.Compare)
    {
        // B has A's items (stored already, as when another model runs on the same dataset) and other outputs and scores.
        await Ingest.RunAsync(
            http, "bench-b", SyntheticRows.Batches(options.Rows, options.Batch, 2, 0.72), report, "B", target, options.InFlight);
        // The client's generated batches share this process's heap with the server; collect them as a separate client process would.
        GC.Collect();
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        var comparison = await http.GetFromJsonAsync<JsonElement>("api/v1/workspaces/default/compare?baseline=bench-a&candidate=bench-b");
        watch.Stop();
        var matched = comparison.GetProperty("candidates")[0].GetProperty("matched_items").GetInt64();
        report.Add($"{target.Store}: compare A vs B (3 scores, joined by digest)", watch.Elapsed.TotalSeconds, "s", "≤ 3 s",
            watch.Elapsed.TotalSeconds <= 3,
            $"{matched:N0} matched items, {target.CpuSince(cpu):N2} CPU-s");
    }
    if (!options.ExportsOnly)
    {
        await Reads.RunAsync(http, "bench-a", report, target);
    }
    await app.StopAsync();
    report.Note(
        $"{target.Store}: 1-minute load average {load} before, {CpuClock.LoadAverage()} after, on {Environment.ProcessorCount} cores"
        + (target.CountsPostgres ? "; CPU-s include every local PostgreSQL process." : "."));
}
