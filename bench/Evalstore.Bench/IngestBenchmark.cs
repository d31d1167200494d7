using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evalstore.Server;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evalstore.Bench;

/// <summary>
/// Ingests one large result over loopback HTTP in JSONL batches, completes it and exports its row scores, on each store,
/// and prints the figures side by side. Run in Release: <c>dotnet run -c Release --project bench/Evalstore.Bench -- --rows 1000000</c>.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        Console.Error.WriteLine($"Generating {options.Rows:N0} rows in batches of {options.BatchRows:N0}…");
        var batches = Workload.Batches(options.Rows, options.BatchRows);
        var megabytes = batches.Sum(b => (long)b.Length) / 1e6;
        var figures = new List<Figures>();
        if (options.Runs("sqlite"))
        {
            var directory = Path.Combine(Path.GetTempPath(), "evalstore-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                figures.AddRange(await MeasureAsync("SQLite", await SqliteStore.OpenAsync(Path.Combine(directory, "bench.db")), batches));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        if (options.Runs("postgres"))
        {
            if (options.Postgres is not { } admin)
            {
                Console.Error.WriteLine("PostgreSQL skipped: give --postgres, EVALSTORE_BENCH_PG or EVALSTORE_TEST_PG (a role that may create databases).");
            }
            else
            {
                var database = $"evalstore_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
                await AdminAsync(admin, $"CREATE DATABASE {database}");
                try
                {
                    var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
                    figures.AddRange(await MeasureAsync("PostgreSQL", await PostgresStore.OpenAsync(connection), batches));
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    // A plain DROP stops the autovacuum worker analysing the fresh tables; FORCE would need superuser for that.
                    await AdminAsync(admin, $"DROP DATABASE IF EXISTS {database}");
                }
            }
        }
        Console.WriteLine($"{options.Rows:N0} rows, 2 scores each, {megabytes:N0} MB of JSONL in batches of {options.BatchRows:N0}, over loopback HTTP; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| store | ingest rows/s | ingest CPU µs/row | completion s | completion CPU s | export MB/s | export CPU µs/row | load before → after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Store} | {f.IngestRowsPerSecond:N0} | {f.IngestCpuMicroseconds:N1} | {f.CompletionSeconds:N2} | {f.CompletionCpuSeconds:N2} | {f.ExportMegabytesPerSecond:N1} | {f.ExportCpuMicroseconds:N1} | {f.Load} |"));
        }
        Console.WriteLine();
        Console.WriteLine("CPU is this process (client and server) plus PostgreSQL's processes; load is the 1-minute load average.");
        return 0;
    }

    private sealed record Figures(string Store, double IngestRowsPerSecond, double IngestCpuMicroseconds, double CompletionSeconds,
        double CompletionCpuSeconds, double ExportMegabytesPerSecond, double ExportCpuMicroseconds, string Load);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>
    /// Two results over the same rows on one server: the first stores every item (a new dataset), the second finds them
    /// stored (another model on the same dataset, the common case).
    /// </summary>
    private static async Task<List<Figures>> MeasureAsync(string name, IServerStore store, List<byte[]> batches)
    {
        await using var _ = store;
        var app = await EvalstoreServer.BuildAsync(new ServerOptions
        {
            Store = store, Urls = "http://127.0.0.1:0", LogLevel = LogLevel.Warning, RequestsPerSecond = 0,
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Addresses()[0]), Timeout = TimeSpan.FromMinutes(30) };
            return
            [
                await RunAsync(http, $"{name}, new items", "first", batches),
                await RunAsync(http, $"{name}, items stored", "second", batches),
            ];
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<Figures> RunAsync(HttpClient http, string label, string resultName, List<byte[]> batches)
    {
        var results = "/api/v1/workspaces/bench/results";
        var created = await (await http.PostAsJsonAsync(results, new { name = resultName })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Created>();
        var rows = $"{results}/{created!.Id}/rows";
        long totalRows = 0;
        var loadBefore = LoadAverage();
        var cpu = CpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            using var content = new ByteArrayContent(batch);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
            var outcome = await (await http.PostAsync(rows, content)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Outcome>();
            totalRows = outcome!.Total_rows;
        }
        var ingest = clock.Elapsed.TotalSeconds;
        var ingestCpu = CpuClock.Seconds() - cpu;
        Console.Error.WriteLine($"{label}: ingested {totalRows:N0} rows in {ingest:N2} s ({ingestCpu:N1} CPU s)");

        cpu = CpuClock.Seconds();
        clock.Restart();
        (await http.PostAsync($"{results}/{created.Id}/complete", null)).EnsureSuccessStatusCode();
        var completion = clock.Elapsed.TotalSeconds;
        var completionCpu = CpuClock.Seconds() - cpu;
        Console.Error.WriteLine($"{label}: completed in {completion:N2} s ({completionCpu:N1} CPU s)");

        cpu = CpuClock.Seconds();
        clock.Restart();
        using var response = await http.GetAsync(rows, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long bytes = 0;
        long lines = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        var export = clock.Elapsed.TotalSeconds;
        var exportCpu = CpuClock.Seconds() - cpu;
        Console.Error.WriteLine($"{label}: exported {lines:N0} rows, {bytes / 1e6:N0} MB in {export:N2} s ({exportCpu:N1} CPU s)");
        return new Figures(label, totalRows / ingest, ingestCpu / totalRows * 1e6, completion, completionCpu, bytes / 1e6 / export,
            exportCpu / lines * 1e6, $"{loadBefore} → {LoadAverage()}");
    }

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Created(Guid Id);

#pragma warning disable IDE1006, CA1707 // The wire name is snake_case.
    private sealed record Outcome(long Total_rows);
#pragma warning restore IDE1006, CA1707
}
