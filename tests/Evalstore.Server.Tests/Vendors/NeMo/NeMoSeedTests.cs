using System.Text.Json;
using Evalstore.Client.NeMo;

namespace Evalstore.Server.Tests.Vendors.NeMo;

/// <summary>Seed 004's worked example: the five rows give exactly the printed aggregate table, by every route to it.</summary>
public sealed class NeMoSeedTests
{
    private const string Base = "apis/evaluation/v2/workspaces/my-workspace";

    // Seed 004, "Example output (range scores)".
    private static readonly string[] s_printed =
    [
        "metric_ref name mean std_dev min max count",
        "0 my-workspace/exact-match exact-match 0.6 0.49 0.0 1.0 5",
        "1 my-workspace/string-check string-check 0.8 0.40 0.0 1.0 5",
    ];

    private static readonly string[] s_columns = ["metric_ref", "name", "mean", "std_dev", "min", "max", "count"];

    [Fact]
    public async Task Retrieve_ReproducesThePrintedAggregateTable()
    {
        await using var vendor = await VendorServer.StartAsync();
        await NeMoRows.ImportSeed004Async(vendor);
        using var http = vendor.Http(await vendor.KeyAsync(NeMoRows.Workspace));

        // aggregate = client.evaluation.benchmark_job_results.retrieve("my-job-name"), then one row per score with metric_ref.
        var aggregate = await http.GetJsonAsync($"{Base}/benchmark-job-results/my-job-name");
        var rows = new List<IReadOnlyDictionary<string, JsonElement>>();
        foreach (var metricResult in aggregate.GetProperty("results").EnumerateArray())
        {
            foreach (var score in metricResult.GetProperty("scores").EnumerateArray())
            {
                var row = score.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                row["metric_ref"] = metricResult.GetProperty("metric");
                rows.Add(row);
            }
        }
        // pandas prints std_dev 0.489898 at its default precision; the seed shows the frame rounded to two decimals.
        Assert.Equal(s_printed, PandasTable.Render(rows, s_columns, decimals: 2));
        Assert.Equal(Math.Sqrt(0.24), rows[0]["std_dev"].GetDouble(), 15);
        Assert.Equal(0.4, rows[1]["std_dev"].GetDouble(), 15);
    }

    [Fact]
    public async Task AggregateScoresDownload_HasOneEntryPerMetric_WithTheSameNumbers()
    {
        await using var vendor = await VendorServer.StartAsync();
        await NeMoRows.ImportSeed004Async(vendor);
        using var http = vendor.Http(await vendor.KeyAsync(NeMoRows.Workspace));

        // client.evaluation.benchmark_jobs.results.aggregate_scores.download(job="my-job-name")
        var download = await http.GetJsonAsync($"{Base}/benchmark-jobs/my-job-name/results/aggregate-scores/download");
        var results = download.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["my-workspace/exact-match", "my-workspace/string-check"], results.Select(r => r.GetProperty("metric").GetString()));
        var exact = results[0].GetProperty("scores")[0];
        Assert.Equal("exact-match", exact.GetProperty("name").GetString());
        Assert.Equal("range", exact.GetProperty("score_type").GetString());
        Assert.Equal("0.6", exact.GetProperty("mean").GetRawText());
        Assert.Equal(5, exact.GetProperty("count").GetInt32());
        Assert.Equal(0, exact.GetProperty("nan_count").GetInt32());
        Assert.Equal("3.0", exact.GetProperty("sum").GetRawText());
        Assert.Equal(10, exact.GetProperty("histogram").GetProperty("bins").GetArrayLength());
        Assert.Equal(["p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90", "p100"],
            exact.GetProperty("percentiles").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task RowScoresDownload_FlattensToTheSeedsRows_AndFindsThreeToReview()
    {
        await using var vendor = await VendorServer.StartAsync();
        await NeMoRows.ImportSeed004Async(vendor);
        using var http = vendor.Http(await vendor.KeyAsync(NeMoRows.Workspace));

        // row_scores = client.evaluation.benchmark_jobs.results.row_scores.download(job="my-job-name")
        using var response = await http.GetAsync($"{Base}/benchmark-jobs/my-job-name/results/row-scores/download");
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var flat = lines.Select(line =>
        {
            var row = JsonDocument.Parse(line).RootElement;
            Assert.True(row.TryGetProperty("requests", out _) && row.TryGetProperty("sample", out _));
            var values = row.GetProperty("metrics").EnumerateObject()
                .SelectMany(m => m.Value.EnumerateArray().Select(
                    s => (Key: $"{m.Name}:{s.GetProperty("name").GetString()}", Value: s.GetProperty("value").GetDouble())))
                .ToDictionary(x => x.Key, x => x.Value);
            return (Input: row.GetProperty("item").GetProperty("input").GetString(), Values: values);
        }).ToList();
        Assert.Equal(
            ["What is 2+2?", "Capital of France?", "Color of sky?", "Largest planet?", "Water formula?"], flat.Select(f => f.Input));
        Assert.Equal([0.0, 0.0, 1.0, 1.0, 1.0], flat.Select(f => f.Values["exact-match:exact-match"]));
        Assert.Equal([1.0, 1.0, 0.0, 1.0, 1.0], flat.Select(f => f.Values["string-check:string-check"]));
        // low_scores = df_rows[df_rows[score_cols].min(axis=1) < 0.7]
        Assert.Equal(3, flat.Count(f => f.Values.Values.Min() < 0.7));
    }

    [Fact]
    public async Task DotNetFacade_ReproducesTheTableToo()
    {
        await using var vendor = await VendorServer.StartAsync();
        await NeMoRows.ImportSeed004Async(vendor);
        await using var client = vendor.Server.Client(await vendor.KeyAsync(NeMoRows.Workspace));

        var result = await client.Evaluation.BenchmarkJobResults.RetrieveAsync("my-job-name");
        var rows = result.Results.SelectMany(m => m.Scores.Select(s => (Metric: m.Metric, Score: s))).ToList();
        Assert.Equal(["my-workspace/exact-match", "my-workspace/string-check"], rows.Select(r => r.Metric));
        Assert.Equal([0.6, 0.8], rows.Select(r => r.Score.Mean!.Value));
        Assert.Equal([0.49, 0.40], rows.Select(r => Math.Round(r.Score.StdDev!.Value, 2)));
        Assert.Equal([(0.0, 1.0, 5L), (0.0, 1.0, 5L)], rows.Select(r => (r.Score.Min!.Value, r.Score.Max!.Value, r.Score.Count)));
        var download = await client.Evaluation.BenchmarkJobs.Results.AggregateScores.DownloadAsync("my-job-name");
        Assert.Equal(rows.Select(r => r.Score.Mean), download.Results.SelectMany(m => m.Scores).Select(s => s.Mean));
        var low = 0;
        await foreach (var row in client.Evaluation.BenchmarkJobs.Results.RowScores.DownloadAsync("my-job-name"))
        {
            low += row.Metrics.Values.SelectMany(s => s).Min(s => s.NumberValue) < 0.7 ? 1 : 0;
        }
        Assert.Equal(3, low);
    }
}
