using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Client.Tests;

/// <summary>docs/sdk.md's ten lines, verbatim between the markers, run against a real server.</summary>
public sealed class SdkExampleTests
{
    [Fact]
    public async Task TheDocumentedExample_RunsAndPrintsWhatItSays()
    {
        await using var server = await TestServer.StartAsync();
        var apiKey = (await server.Store.CreateKeyAsync("my-workspace", KeyRole.Write)).Secret;
        await server.Store.ImportResultAsync("my-workspace",
            new RunSpec { Name = "my-job-name", Kind = ResultKind.Metric, Metric = "my-workspace/my-metric" }, Rows.Parse(Rows.Seed004));
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // --- docs/sdk.md, with only the server address changed ---
            await using var client = new EvalstoreClient(server.BaseAddress, apiKey);
            await foreach (var result in client.Evaluation.MetricJobResults.ListAsync(
                filter: new { metric = "my-workspace/my-metric" }, sort: "-created_at"))
                Console.WriteLine($"{result.Name}: {string.Join(", ", result.Scores.Select(s => $"{s.Name}={s.Mean}"))}");
            var job = await client.Evaluation.MetricJobResults.RetrieveAsync("my-job-name");
            var aggregate = await client.Evaluation.MetricJobs.Results.AggregateScores.DownloadAsync("my-job-name");
            foreach (var score in aggregate.Scores) Console.WriteLine($"{score.Name}: mean={score.Mean} type={score.ScoreType}");
            await foreach (var row in client.Evaluation.MetricJobs.Results.RowScores.DownloadAsync("my-job-name"))
                if (row.Metrics.Values.SelectMany(s => s).Any(s => s.NumberValue < 0.7)) Console.WriteLine(row.Item);
            try { await client.Evaluation.MetricJobResults.DeleteAsync("my-job-name"); }
            catch (EvalstoreException e) when (e.Status == 404) { Console.WriteLine(e.Detail); }
            // --- end ---
            Assert.Equal("my-job-name", job.Name);
        }
        finally
        {
            Console.SetOut(console);
        }
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("my-job-name: exact-match=0.6, string-check=0.8", lines[0]);
        Assert.Equal(["exact-match: mean=0.6 type=range", "string-check: mean=0.8 type=range"], lines[1..3]);
        Assert.Equal(3, lines.Length - 3); // the three rows with a score below 0.7
        Assert.Null(await server.Store.GetResultAsync("my-workspace", "my-job-name"));
    }
}
