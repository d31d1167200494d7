using System.Diagnostics;
using Evalstore.Bench;

// Usage: dotnet run -c Release --project bench/Evalstore.Bench -- [--rows N] [--batch N] [--in-flight N]
//        [--store sqlite|postgres|both] [--postgres "CONNECTION STRING"] [--no-duckdb] [--no-compare] [--no-reads]
//        [--compressed] [--json]
//    or: dotnet run -c Release --project bench/Evalstore.Bench -- --results N[,N…] [--imports N] [--store …] [--json]
// Writes two synthetic JSONL results (A, and B over A's items) and a third with new items (C) to files; DuckDB loads,
// aggregates, compares and exports them in this process; then, for each store, a server in a child process over a
// fresh database ingests A in one request and C in batches, completes them, exports A as JSONL, CSV and XLSX,
// ingests B and compares A with B, and serves reads under concurrent load. Each figure is printed beside DuckDB's
// and the brief's bar; the server's CPU and peak memory are its own process's. --results: see ResultsScale.
if (args is ["serve-child", ..])
{
    return await ServerProcess.ServeAsync(args);
}
var options = BenchOptions.Parse(args);
var report = new Report();
var directory = Path.Combine(Path.GetTempPath(), "evalstore-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    if (options.Results is not null)
    {
        if (options.Runs("sqlite"))
        {
            await ResultsScale.RunAsync("SQLite", "--db", Path.Combine(directory, "results.db"), options, report);
        }
        if (options.Runs("postgres"))
        {
            await using var database = await ThrowawayDatabase.CreateAsync(options.Postgres!);
            await ResultsScale.RunAsync("PostgreSQL", "--postgres", database.ConnectionString, options, report);
        }
        return Finish(ResultsScale.RowsPerResult);
    }
    var (fileA, fileB, fileC) =
        (Path.Combine(directory, "a.jsonl"), Path.Combine(directory, "b.jsonl"), Path.Combine(directory, "c.jsonl"));
    Console.Error.WriteLine($"Writing {options.Rows:N0} rows to each of {fileA}, {fileB} and {fileC}…");
    SyntheticRows.Write(fileA, options.Rows, 1, 0.7);
    // B has A's items (as when another model runs on the same dataset) with other outputs and scores; C's items are new.
    SyntheticRows.Write(fileB, options.Rows, 2, 0.72);
    SyntheticRows.Write(fileC, options.Rows, 3, 0.7, firstItem: options.Rows);
    DuckDbFigures? duck = null;
    if (options.DuckDb)
    {
        var load = CpuClock.LoadAverage();
        duck = DuckDbSide.Measure(fileA, fileB, directory);
        report.Note($"DuckDB: load {duck.LoadSeconds:N2} s + aggregates {duck.AggregateSeconds:N2} s, {duck.CpuSeconds:N2} CPU-s, "
            + $"peak {duck.PeakMb:N0} MB; compare {duck.CompareSeconds:N2} s ({duck.Matched:N0} matched); JSONL "
            + $"{duck.JsonlMbPerSecond:N0} MB/s, CSV {duck.CsvMbPerSecond:N0} MB/s; load average {load} before.");
    }
    if (options.Runs("sqlite"))
    {
        await MeasureAsync("SQLite", "--db", Path.Combine(directory, "bench.db"), countsPostgres: false);
    }
    if (options.Runs("postgres"))
    {
        // Declared first, disposed last: the server's connections close before the database is dropped.
        await using var database = await ThrowawayDatabase.CreateAsync(options.Postgres!);
        await MeasureAsync("PostgreSQL", "--postgres", database.ConnectionString, countsPostgres: true);
    }

    async Task MeasureAsync(string storeName, string storeArgument, string storeValue, bool countsPostgres)
    {
        var load = CpuClock.LoadAverage();
        await using var server = await ServerProcess.StartAsync(storeArgument, storeValue);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(30) };
        var target = new BenchTarget(storeName, countsPostgres, server, http, duck, options.Rows);
        await Ingest.WarmUpAsync(target, directory);
        server.ResetPeak();
        var (seconds, cpu) = await Ingest.OneRequestAsync(target, report, "bench-a", fileA);
        report.Add(new Figure(storeName, "load A + all aggregates (ingest + completion)", seconds, "s", "", null,
            $"{cpu / options.Rows * 1e6:N1} CPU-s per million rows ({target.CpuNote})",
            duck is null ? null : duck.LoadSeconds + duck.AggregateSeconds));
        var peak = server.PeakMb();
        report.Add(new Figure(storeName, "server peak working set after ingest A", peak, "MB", "≤ 512 MB", peak <= 512,
            $"VmHWM of the server process {server.Pid}", duck?.PeakMb));
        await Ingest.BatchesAsync(target, report, "bench-c", SyntheticRows.Batches(fileC, options.Batch), options.InFlight, "new items");
        if (options.Exports)
        {
            await Exports.RunAsync(target, report, "bench-a", "jsonl", 300, duck?.JsonlMbPerSecond);
            await Exports.RunAsync(target, report, "bench-a", "csv", 200, duck?.CsvMbPerSecond);
            await Exports.RunAsync(target, report, "bench-a", "xlsx", 40, null);
        }
        if (options.Compressed)
        {
            await Exports.RunAsync(target, report, "bench-a", "jsonl", 150, null, "br");
            await Exports.RunAsync(target, report, "bench-a", "jsonl", 150, null, "gzip");
        }
        if (options.Compare)
        {
            await Ingest.BatchesAsync(
                target, report, "bench-b", SyntheticRows.Batches(fileB, options.Batch), options.InFlight, "stored items");
            await Compare.RunAsync(target, report);
        }
        if (options.Reads)
        {
            await Reads.RunAsync(target, report, "bench-a");
        }
        report.Note($"{storeName}: 1-minute load average {load} before, {CpuClock.LoadAverage()} after, on {Environment.ProcessorCount} "
            + $"cores; server peak working set over the whole run {server.PeakMb():N0} MB (since the last reset).");
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}
return Finish(options.Rows);

int Finish(int rowsPerResult)
{
    if (options.Json)
    {
        report.PrintJson(rowsPerResult);
    }
    else
    {
        report.Print(rowsPerResult);
    }
    return 0;
}
