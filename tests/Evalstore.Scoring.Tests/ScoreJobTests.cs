using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Scoring.Metrics;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evalstore.Scoring.Tests;

/// <summary>Whole jobs into a real SQLite store, and the LLM judge against a small OpenAI-compatible server on loopback.</summary>
public sealed class ScoreJobTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly string[] s_seed004 =
    [
        """{"item": {"input": "What is 2+2?", "reference": "4"}, "sample": {"output_text": "The answer is 4"}}""",
        """{"item": {"input": "Capital of France?", "reference": "Paris"}, "sample": {"output_text": "Paris is the capital"}}""",
        """{"item": {"input": "Color of sky?", "reference": "blue"}, "sample": {"output_text": "Blue"}}""",
        """{"item": {"input": "Largest planet?", "reference": "Jupiter"}, "sample": {"output_text": "Jupiter"}}""",
        """{"item": {"input": "Water formula?", "reference": "H2O"}, "sample": {"output_text": "H2O"}}""",
    ];

    private static MemoryStream Jsonl(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    [Fact]
    public async Task TheSeed004Rows_GiveItsPrintedTable()
    {
        await using var store = await SqliteStore.OpenAsync(_directory.File("s.db"));
        var result = await ScoreJob.RunAsync(store, "default", new RunSpec { Name = "my-job-name" },
            [new MetricSpec { Type = "exact-match" }, new MetricSpec { Type = "string-check" }], Jsonl(s_seed004), new HttpClient());
        Assert.Equal(ResultKind.Benchmark, result.Kind);
        var exact = result.Scores.Single(s => s.Metric == "exact-match");
        var check = result.Scores.Single(s => s.Metric == "string-check");
        // metric_ref name mean std_dev min max count: exact-match 0.6 0.49 0.0 1.0 5; string-check 0.8 0.40 0.0 1.0 5.
        Assert.Equal((0.6, 0.49, 0.0, 1.0, 5L),
            (exact.Mean!.Value, Math.Round(exact.StdDev!.Value, 2), exact.Min!.Value, exact.Max!.Value, exact.Count));
        Assert.Equal((0.8, 0.40, 0.0, 1.0, 5L),
            (check.Mean!.Value, Math.Round(check.StdDev!.Value, 2), check.Min!.Value, check.Max!.Value, check.Count));
        var rows = new List<string>();
        await foreach (var row in store.ReadRowsAsync("default", result.Id, new RowQuery()))
        {
            rows.Add(row.ToString());
        }
        Assert.Contains("contains '4'", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorpusBleu_BecomesACountOneAggregate()
    {
        await using var store = await SqliteStore.OpenAsync(_directory.File("s.db"));
        var result = await ScoreJob.RunAsync(
            store, "default", new RunSpec { Name = "bleu" }, [new MetricSpec { Type = "bleu" }], Jsonl(s_seed004), new HttpClient());
        Assert.Equal(ResultKind.Metric, result.Kind);
        var corpus = result.Scores.Single(s => s.Metric == "bleu" && s.Name == "corpus");
        Assert.Equal(1, corpus.Count);
        Assert.Equal(corpus.Mean, corpus.Max);
        Assert.Equal(0, corpus.StdDev);
        var reread = await store.GetResultAsync("default", "bleu");
        Assert.Contains(reread!.Scores, s => s.Name == "corpus");
    }

    [Fact]
    public async Task LlmJudge_PlacesOutputsOnTheRubricAndRecordsFailures()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var judge = builder.Build();
        var calls = 0;
        judge.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref calls);
            var body = await request.ReadFromJsonAsync<JsonElement>();
            var question = body.GetProperty("messages")[1].GetProperty("content").GetString()!;
            if (question.Contains("Water", StringComparison.Ordinal))
            {
                return Results.StatusCode(503);
            }
            var verdict = question.Contains("Response to judge:\nBlue", StringComparison.Ordinal) ? "fair" : "good";
            var content = question.Contains("Jupiter", StringComparison.Ordinal)
                ? "I would call this good."
                : $$"""{"label": "{{verdict}}", "reasoning": "judged {{verdict}}"}""";
            return Results.Json(new { choices = new[] { new { message = new { role = "assistant", content } } } });
        });
        await judge.StartAsync();
        var url = judge.Urls.First() + "/v1/chat/completions";

        await using var store = await SqliteStore.OpenAsync(_directory.File("s.db"));
        var spec = new MetricSpec { Type = "llm-judge", Name = "helpfulness", Url = url, Model = "judge-1", Concurrency = 2 };
        var result = await ScoreJob.RunAsync(store, "default", new RunSpec { Name = "judged" }, [spec], Jsonl(s_seed004), new HttpClient());
        Assert.Equal(5, calls);
        var helpfulness = Assert.Single(result.Scores);
        Assert.Equal(ScoreType.Rubric, helpfulness.ScoreType);
        Assert.Equal(4, helpfulness.Count);
        Assert.Equal(1, helpfulness.NanCount);
        Assert.Equal("good", helpfulness.ModeCategory);
        Assert.Equal([0L, 1, 3], helpfulness.RubricDistribution!.Select(r => r.Count));
        var failed = new List<string>();
        await foreach (var row in store.ReadRowsAsync("default", result.Id, new RowQuery { ErroredOnly = true }))
        {
            failed.Add(row.ToString());
        }
        Assert.Contains("503", Assert.Single(failed), StringComparison.Ordinal);
    }
}
