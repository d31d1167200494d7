using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Evalstore.Bench;

/// <summary>The store being measured: its name in the report and whether its work happens in PostgreSQL's processes.</summary>
internal sealed record BenchTarget(string Store, bool CountsPostgres)
{
    /// <summary>CPU seconds so far of everything that works for this store (see <see cref="CpuClock"/>).</summary>
    public double Cpu() => CpuClock.Seconds(CountsPostgres);

    /// <summary>CPU seconds since <paramref name="start"/>: on a busy machine a fairer figure than wall time.</summary>
    public double CpuSince(double start) => Cpu() - start;
}

/// <summary>Ingest a result over HTTP in batches, then complete it; time both.</summary>
internal static class Ingest
{
    public static async Task<Guid> RunAsync(
        HttpClient http, string name, List<byte[]> batches, Report report, string label, BenchTarget target,
        int inFlight = 1)
    {
        var created = await (
            await http.PostAsJsonAsync("api/v1/workspaces/default/results", new { name, model = "bench-model", dataset = "bench" })).Content
            .ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        long rows = 0;
        long bytes = 0;
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        // A client may keep several batches in flight: the server parses one while it writes another.
        using var slots = new SemaphoreSlim(inFlight);
        var sends = batches.Select(async batch =>
        {
            await slots.WaitAsync();
            try
            {
                using var content = new ByteArrayContent(batch);
                using var response = await http.PostAsync($"api/v1/workspaces/default/results/{id}/rows", content);
                response.EnsureSuccessStatusCode();
                Interlocked.Add(
                    ref rows, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows_accepted").GetInt64());
                Interlocked.Add(ref bytes, batch.Length);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(sends);
        watch.Stop();
        var rate = rows / watch.Elapsed.TotalSeconds;
        var shape = batches.Count == 1 ? "one request" : $"{batches.Count} batches, {inFlight} in flight";
        report.Add($"{target.Store}: ingest {label} over HTTP", rate, "rows/s", "≥ 100,000 rows/s", rate >= 100_000,
            $"{rows:N0} rows ({shape}), {bytes / 1e6:N0} MB in {watch.Elapsed.TotalSeconds:N2} s, {target.CpuSince(cpu):N2} CPU-s " +
                $"(server and client)");
        watch.Restart();
        cpu = target.Cpu();
        using (var complete = await http.PostAsync($"api/v1/workspaces/default/results/{id}/complete", null))
        {
            complete.EnsureSuccessStatusCode();
        }
        watch.Stop();
        report.Add($"{target.Store}: complete {label} (all aggregates)", watch.Elapsed.TotalSeconds, "s", "≤ 2 s",
            watch.Elapsed.TotalSeconds <= 2,
            $"{rows:N0} rows, {target.CpuSince(cpu):N2} CPU-s");
        return id;
    }
}

/// <summary>The figures, printed as a table beside the brief's bars.</summary>
internal sealed class Report
{
    private readonly List<(string What, double Value, string Unit, string Bar, bool Met, string Detail)> _lines = [];
    private readonly List<string> _notes = [];

    /// <summary>A line printed under the table (e.g. how busy the machine was).</summary>
    public void Note(string note)
    {
        _notes.Add(note);
        Console.Error.WriteLine($"  {note}");
    }

    public void Add(string what, double value, string unit, string bar, bool met, string detail)
    {
        _lines.Add((what, value, unit, bar, met, detail));
        Console.Error.WriteLine($"  {what}: {Format(value)} {unit} ({detail})");
    }

    public void Print()
    {
        Console.WriteLine($"{"measurement",-58} {"value",14} {"unit",-7} {"bar",-18} {"met",-4} detail");
        foreach (var (what, value, unit, bar, met, detail) in _lines)
        {
            Console.WriteLine($"{what,-58} {Format(value),14} {unit,-7} {bar,-18} {(met ? "yes" : "NO"),-4} {detail}");
        }
        foreach (var note in _notes)
        {
            Console.WriteLine(note);
        }
    }

    private static string Format(double value)
        => value >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N2", CultureInfo.InvariantCulture);
}
