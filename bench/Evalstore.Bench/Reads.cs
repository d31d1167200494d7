using System.Diagnostics;

namespace Evalstore.Bench;

/// <summary>
/// Read latency under concurrent load: several clients request the same pages at once, and each request's time is kept
/// so that the p99 is a real percentile, not an average. Bounded: a fixed number of requests per page, on loopback.
/// </summary>
internal static class Reads
{
    public const int Clients = 8;
    private const int Requests = 4_000;
    private const int WarmUp = 200;

    public static async Task RunAsync(BenchTarget target, Report report, string name)
    {
        var http = target.Http;
        // The brief's bar (10 ms p99) is for the API's aggregates and result pages; the web UI's result page renders
        // tables and charts to HTML and has the UI's bar (300 ms server time).
        (string Label, string Path, double BarMs)[] pages =
        [
            ("result with aggregates (API)", $"api/v1/workspaces/default/results/{name}", 10),
            ("results list page (API)", "api/v1/workspaces/default/results?page=1&page_size=20", 10),
            ("first 50 rows (API)", $"api/v1/workspaces/default/results/{name}/rows?limit=50", 10),
            ("result page (web UI)", $"results/{name}", 300),
        ];
        foreach (var (label, path, barMs) in pages)
        {
            await TimeAsync(http, path, WarmUp);
            var cpu = target.Cpu();
            var watch = Stopwatch.StartNew();
            var times = await TimeAsync(http, path, Requests);
            watch.Stop();
            Array.Sort(times);
            var p99 = Percentile(times, 0.99);
            report.Add(new Figure(target.Store, $"GET {label}, p99 of {Clients} concurrent", p99, "ms", $"≤ {barMs} ms p99", p99 <= barMs,
                $"p50 {Percentile(times, 0.5):N2} ms, max {times[^1]:N1} ms, {Requests:N0} requests at " +
                $"{Requests / watch.Elapsed.TotalSeconds:N0}/s, {target.CpuSince(cpu):N2} CPU-s ({target.CpuNote})"));
        }
    }

    /// <summary>Sends <paramref name="count"/> requests (or as many as fit in <paramref name="budget"/>) from <see
    /// cref="Clients"/> concurrent clients; returns each one's milliseconds.</summary>
    public static async Task<double[]> TimeAsync(HttpClient http, string path, int count, TimeSpan? budget = null)
    {
        var times = new double[count];
        var next = -1;
        var done = 0;
        var deadline = budget is { } b ? Stopwatch.GetTimestamp() + (long)(b.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while (Stopwatch.GetTimestamp() < deadline && (i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref done);
            }
        })));
        // With a time budget, only the requests that ran (in a 2-core run at high load, the big pages may not reach the count).
        return done == count ? times : [.. times.Where(t => t > 0)];
    }

    /// <summary>numpy's linear percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)position;
        return low + 1 < sorted.Length ? sorted[low] + (position - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
    }
}
