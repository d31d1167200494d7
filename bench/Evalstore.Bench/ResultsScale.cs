using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Bench;

/// <summary>
/// <c>--results N</c> (issue 15): fills a store with N small results in bulk through the store (not HTTP) across 10
/// workspaces, 40 models and 25 datasets, then times the list, filter, leaderboard, UI and vendor requests of one
/// workspace (<c>default</c>, which keyless vendor surfaces read) under 8 concurrent clients, and the rate of small
/// imports over HTTP from 4 clients. Each result has 20 rows over its dataset's 20 items, as a gate's run would.
/// </summary>
internal static class ResultsScale
{
    private const int Workspaces = 10;
    private const int Models = 40;
    private const int Datasets = 25;
    private const int RowsPerResult = 20;
    private const int FillWriters = 4;
    private const int Clients = 8;
    private const int Requests = 800;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(20);

    public static string Workspace(int i) => i % Workspaces == 0 ? "default" : $"ws-{i % Workspaces}";

    /// <summary>Creates the results with indexes [from, to) through the store, <see cref="FillWriters"/> at a time.</summary>
    public static async Task FillAsync(IServerStore store, int from, int to, Report report, BenchTarget target)
    {
        var watch = Stopwatch.StartNew();
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, FillWriters).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < to)
            {
                var dataset = i / Workspaces % Datasets;
                var spec = new RunSpec
                {
                    Name = $"r{i:D7}", Model = $"model-{i / Workspaces / Datasets % Models:D2}", Dataset = $"dataset-{dataset:D2}",
                    Benchmark = $"bench-{dataset:D2}", Project = $"project-{i % 3}", Kind = ResultKind.Metric,
                    Labels = new Dictionary<string, string> { ["team"] = $"team-{i % 5}", ["branch"] = i % 2 == 0 ? "main" : "pr" },
                };
                await store.ImportResultAsync(Workspace(i), spec, Rows(i, dataset));
            }
        })));
        report.Add($"{target.Store}: fill {to - from:N0} results through the store ({FillWriters} writers)",
            (to - from) / watch.Elapsed.TotalSeconds, "results/s", "—", true, $"{watch.Elapsed.TotalSeconds:N1} s, to {to:N0} in all");
    }

    /// <summary>Times every request of the issue's table plus UI pages and vendor lists at the store's current size.</summary>
    public static async Task MeasureAsync(HttpClient http, int size, Report report, BenchTarget target)
    {
        const string ws = "api/v1/workspaces/default";
        var nameFilter = Uri.EscapeDataString("name~\"r00012\"");
        var nemoFilter = Uri.EscapeDataString("{\"model\":\"model-07\"}");
        (string Label, string Path)[] pages =
        [
            ("native list, first page", $"{ws}/results?page=1&page_size=20"),
            ("native list, name~\"r00012\"", $"{ws}/results?page=1&page_size=20&filter={nameFilter}"),
            ("native list, model filter", $"{ws}/results?page=1&page_size=20&filter={Uri.EscapeDataString("model:\"model-07\"")}"),
            ("leaderboard of one dataset (API)", $"{ws}/leaderboard?dataset=dataset-07"),
            ("leaderboard of one dataset (UI)", "leaderboard?dataset=dataset-07"),
            ("results list (UI)", "results"),
            ("NeMo list with a JSON filter", $"apis/evaluation/v2/workspaces/default/metric-job-results?filter={nemoFilter}&page_size=20"),
            ("Weave evaluation_runs, limit 20 (NDJSON)", "v2/default/project-0/evaluation_runs?limit=20"),
            ("Gradient evaluation_test_cases", "v2/gen-ai/evaluation_test_cases"),
            ("Gradient evaluation_metrics", "v2/gen-ai/evaluation_metrics"),
        ];
        foreach (var (label, path) in pages)
        {
            await TimeAsync(http, path, Clients * 5, TimeSpan.FromSeconds(10));
            var times = await TimeAsync(http, path, Requests, s_budget);
            Array.Sort(times);
            var p99 = Percentile(times, 0.99);
            report.Add($"{target.Store} N={size:N0}: GET {label}, p99 of {Clients} concurrent", p99, "ms", "≤ 20 ms p99", p99 <= 20,
                $"p50 {Percentile(times, 0.5):N2} ms, {times.Length} requests");
        }
    }

    /// <summary>Small imports over HTTP: <paramref name="count"/> results of 20 rows from 4 clients.</summary>
    public static async Task ImportsAsync(HttpClient http, int count, Report report, BenchTarget target)
    {
        var bodies = Enumerable.Range(0, Datasets).Select(d => Encoding.UTF8.GetBytes(Lines(d, seed: d))).ToArray();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var content = new ByteArrayContent(bodies[i % Datasets]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
                using var response = await http.PostAsync(
                    $"api/v1/workspaces/imports/imports?name=small-{i:D6}&model=model-{i % Models:D2}&dataset=dataset-{i % Datasets:D2}",
                    content);
                response.EnsureSuccessStatusCode();
            }
        })));
        var rate = count / watch.Elapsed.TotalSeconds;
        report.Add($"{target.Store}: small imports over HTTP (20 rows each, 4 clients)", rate, "results/s", "≥ 2 000 results/s",
            rate >= 2000, $"{count:N0} results in {watch.Elapsed.TotalSeconds:N1} s");
    }

    private static async IAsyncEnumerable<IngestRow> Rows(int seed, int dataset, [EnumeratorCancellation] CancellationToken token = default)
    {
        var parser = new RowParser();
        var number = 0L;
        foreach (var line in Lines(dataset, seed).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            token.ThrowIfCancellationRequested();
            yield return parser.Parse(Encoding.UTF8.GetBytes(line), ++number);
        }
        await Task.CompletedTask;
    }

    // The dataset's 20 items (stored once, shared by every result over the dataset) with outputs and scores of this run.
    private static string Lines(int dataset, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var row = 0; row < RowsPerResult; row++)
        {
            var correct = random.NextDouble() < 0.7;
            var similarity = Math.Round(random.NextDouble(), 3).ToString("R", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{{\"row_index\":{row},\"item\":{{\"input\":\"dataset {dataset} question {row}\",")
                .Append(CultureInfo.InvariantCulture, $"\"reference\":\"{row}\"}},")
                .Append(CultureInfo.InvariantCulture, $"\"sample\":{{\"output_text\":\"{(correct ? row : row + 1)}\"}},")
                .Append(CultureInfo.InvariantCulture, $"\"metrics\":{{\"exact-match\":[{{\"name\":\"exact-match\",")
                .Append(CultureInfo.InvariantCulture, $"\"value\":{(correct ? 1 : 0)}}}],")
                .Append(CultureInfo.InvariantCulture, $"\"similarity\":[{{\"name\":\"similarity\",\"value\":{similarity}}}]}}}}\n");
        }
        return text.ToString();
    }

    private static async Task<double[]> TimeAsync(HttpClient http, string path, int count, TimeSpan budget)
    {
        var times = new double[count];
        var next = -1;
        var done = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
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
        return times.Take(Math.Min(done, count)).Where(t => t > 0).ToArray();
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)position;
        return low + 1 < sorted.Length ? sorted[low] + (position - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
    }
}
