using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;

namespace Evalstore.Bench;

/// <summary>
/// <c>--results N[,N…]</c> (many results in one store): first the rate of small imports over HTTP from 4 clients; then,
/// for each N in turn, the store grows to N small results in bulk through the store (not HTTP) across 10 workspaces, 40
/// models and 25 datasets, and a fresh server process times the list, filter, leaderboard, UI and vendor requests of one
/// workspace (<c>default</c>, which keyless vendor surfaces read) under 8 concurrent clients. Each result has 20 rows over
/// its dataset's 20 items, as a gate's run would. Every p99 is set beside the smallest N's, the issue's "no slower as
/// results accumulate" bar (at most 1.5×).
/// </summary>
internal static class ResultsScale
{
    private const int Workspaces = 10;
    private const int Models = 40;
    private const int Datasets = 25;
    public const int RowsPerResult = 20;
    private const int FillWriters = 4;
    private const int Requests = 800;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(string storeName, string storeArgument, string storeValue, BenchOptions options, Report report)
    {
        var load = CpuClock.LoadAverage();
        await ImportsAsync(storeName, storeArgument, storeValue, options.Imports, report);
        var smallest = new Dictionary<string, double>();
        var filled = 0;
        foreach (var size in options.Results!.Order())
        {
            // The bench process fills the store while no server has it open, then a fresh server answers the reads.
            await using (var store = await OpenAsync(storeArgument, storeValue))
            {
                await FillAsync(store, storeName, filled, size, report);
            }
            filled = size;
            await using var server = await ServerProcess.StartAsync(storeArgument, storeValue);
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
            await MeasureAsync(http, storeName, size, smallest, report);
        }
        report.Note(
            $"{storeName}: 1-minute load average {load} before, {CpuClock.LoadAverage()} after, on {Environment.ProcessorCount} cores.");
    }

    private static async Task<IServerStore> OpenAsync(string storeArgument, string storeValue) => storeArgument == "--db"
        ? await SqliteStore.OpenAsync(storeValue)
        : await PostgresStore.OpenAsync(storeValue);

    private static string Workspace(int i) => i % Workspaces == 0 ? "default" : $"ws-{i % Workspaces}";

    /// <summary>Creates the results with indexes [from, to) through the store, <see cref="FillWriters"/> at a time.</summary>
    private static async Task FillAsync(IServerStore store, string storeName, int from, int to, Report report)
    {
        var watch = Stopwatch.StartNew();
        var next = from - 1;
        var progress = Stopwatch.StartNew();
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
                if (i % 10_000 == 0 && progress.Elapsed > TimeSpan.FromSeconds(10))
                {
                    progress.Restart();
                    Console.Error.WriteLine($"  {storeName}: filled {i - from:N0} of {to - from:N0} results…");
                }
            }
        })));
        report.Add(new Figure(storeName, $"fill to {to:N0} results through the store ({FillWriters} writers)",
            (to - from) / watch.Elapsed.TotalSeconds, "results/s", "", null, $"{to - from:N0} results in {watch.Elapsed.TotalSeconds:N1} s",
            HigherIsBetter: true));
    }

    /// <summary>Times every request of the issue's table plus UI pages and vendor lists at the store's current size.</summary>
    private static async Task MeasureAsync(HttpClient http, string storeName, int size, Dictionary<string, double> smallest,
        Report report)
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
            await Reads.TimeAsync(http, path, Reads.Clients * 5, TimeSpan.FromSeconds(10));
            var times = await Reads.TimeAsync(http, path, Requests, s_budget);
            Array.Sort(times);
            var p99 = Reads.Percentile(times, 0.99);
            var first = smallest.TryAdd(label, p99);
            var growth = p99 / smallest[label];
            report.Add(new Figure(storeName, $"N={size:N0}: GET {label}, p99 of {Reads.Clients} concurrent", p99, "ms",
                first ? "≤ 20 ms p99" : "≤ 20 ms p99, ≤ 1.5× smallest N", p99 <= 20 && growth <= 1.5,
                $"p50 {Reads.Percentile(times, 0.5):N2} ms, {times.Length} requests" + (first ? "" : $", {growth:N2}× the smallest N")));
        }
    }

    /// <summary>Small imports over HTTP into a fresh workspace: <paramref name="count"/> results of 20 rows from 4 clients.</summary>
    private static async Task ImportsAsync(string storeName, string storeArgument, string storeValue, int count, Report report)
    {
        if (count <= 0)
        {
            return;
        }
        await using var server = await ServerProcess.StartAsync(storeArgument, storeValue);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
        var bodies = Enumerable.Range(0, Datasets).Select(d => Encoding.UTF8.GetBytes(Lines(d, seed: d))).ToArray();
        var next = -1;
        var cpu = server.CpuSeconds();
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
        report.Add(new Figure(storeName, "small imports over HTTP (20 rows each, 4 clients)", rate, "results/s", "≥ 2 000 results/s",
            rate >= 2000, $"{count:N0} results in {watch.Elapsed.TotalSeconds:N1} s, {server.CpuSeconds() - cpu:N2} CPU-s (server process)",
            HigherIsBetter: true));
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
}
