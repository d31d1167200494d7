using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Evalstore.Bench;

/// <summary>Ingest a result over HTTP, as one streamed request or in batches, then complete it; time both.</summary>
internal static class Ingest
{
    public static async Task<(double Seconds, double CpuSeconds)> OneRequestAsync(
        BenchTarget target, Report report, string name, string file)
    {
        var id = await CreateAsync(target.Http, name);
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        await using var stream = File.OpenRead(file);
        using var content = new StreamContent(stream, 1 << 20);
        var rows = await PostAsync(target.Http, id, content);
        watch.Stop();
        var cpuSeconds = target.CpuSince(cpu);
        AddRate(target, report, $"ingest {name}, new items, one request", rows, new FileInfo(file).Length, watch.Elapsed.TotalSeconds,
            cpuSeconds, target.DuckDb is { } duck ? target.Rows / duck.LoadSeconds : null);
        var (completeSeconds, completeCpu) = await CompleteAsync(target, report, name, id);
        return (watch.Elapsed.TotalSeconds + completeSeconds, cpuSeconds + completeCpu);
    }

    public static async Task BatchesAsync(
        BenchTarget target, Report report, string name, List<byte[]> batches, int inFlight, string items)
    {
        var id = await CreateAsync(target.Http, name);
        long rows = 0;
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        // A client may keep several batches in flight: the server parses one while it writes another.
        using var slots = new SemaphoreSlim(inFlight);
        await Task.WhenAll(batches.Select(async batch =>
        {
            await slots.WaitAsync();
            try
            {
                using var content = new ByteArrayContent(batch);
                Interlocked.Add(ref rows, await PostAsync(target.Http, id, content));
            }
            finally
            {
                slots.Release();
            }
        }));
        watch.Stop();
        AddRate(target, report, $"ingest {name}, {items}, {batches.Count} batches, {inFlight} in flight", rows,
            batches.Sum(b => (long)b.Length), watch.Elapsed.TotalSeconds, target.CpuSince(cpu), null);
        await CompleteAsync(target, report, name, id);
    }

    private static void AddRate(
        BenchTarget target, Report report, string what, long rows, long bytes, double seconds, double cpu, double? duckRate)
    {
        var bar = target.CountsPostgres ? 150_000 : 250_000;
        var perMillion = cpu / rows * 1e6;
        report.Add(new Figure(target.Store, what, rows / seconds, "rows/s", $"≥ {bar:N0} rows/s", rows / seconds >= bar,
            $"{rows:N0} rows, {bytes / 1e6:N0} MB in {seconds:N2} s, {cpu:N2} CPU-s ({target.CpuNote}), " +
            $"{perMillion:N1} CPU-s per million rows (bar ≤ 6)", duckRate, HigherIsBetter: true));
    }

    /// <summary>
    /// Before anything is timed, the server ingests, completes, exports and compares two small results over their own
    /// items, so that the figures are of compiled code (the runtime compiles each method on first use and again, better,
    /// once it is hot); DuckDB is native code and has nothing to warm.
    /// </summary>
    public static async Task WarmUpAsync(BenchTarget target, string directory)
    {
        const int rows = 20_000;
        var file = Path.Combine(directory, "warm-up.jsonl");
        SyntheticRows.Write(file, rows, 4, 0.7, firstItem: 3 * target.Rows);
        foreach (var name in new[] { "warm-up-a", "warm-up-b" })
        {
            var id = await CreateAsync(target.Http, name);
            await using (var stream = File.OpenRead(file))
            {
                using var content = new StreamContent(stream, 1 << 20);
                await PostAsync(target.Http, id, content);
            }
            using var complete = await target.Http.PostAsync($"api/v1/workspaces/default/results/{id}/complete", null);
            complete.EnsureSuccessStatusCode();
        }
        foreach (var path in new[]
        {
            "results/warm-up-a/export?format=jsonl", "results/warm-up-a/export?format=csv", "results/warm-up-a/export?format=xlsx",
            "compare?baseline=warm-up-a&candidate=warm-up-b",
        })
        {
            using var response = await target.Http.GetAsync("api/v1/workspaces/default/" + path, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
        }
        File.Delete(file);
    }

    private static async Task<(double Seconds, double Cpu)> CompleteAsync(BenchTarget target, Report report, string name, Guid id)
    {
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        using (var complete = await target.Http.PostAsync($"api/v1/workspaces/default/results/{id}/complete", null))
        {
            complete.EnsureSuccessStatusCode();
        }
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        report.Add(new Figure(target.Store, $"complete {name} (all aggregates)", seconds, "s", "≤ 0.3 s", seconds <= 0.3,
            $"{target.CpuSince(cpu):N2} CPU-s", target.DuckDb?.AggregateSeconds));
        return (seconds, target.CpuSince(cpu));
    }

    private static async Task<Guid> CreateAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsJsonAsync(
            "api/v1/workspaces/default/results", new { name, model = "bench-model", dataset = "bench" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<long> PostAsync(HttpClient http, Guid id, HttpContent content)
    {
        using var response = await http.PostAsync($"api/v1/workspaces/default/results/{id}/rows", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Ingest failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows_accepted").GetInt64();
    }
}
