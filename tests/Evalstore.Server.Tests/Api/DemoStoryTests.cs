using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// <c>serve --demo</c> tells the story the README tells, on each store: a baseline that passes its star metric, a
/// prompt change that compare flags as a regression, three epochs, a smaller model below the bar and a failed run;
/// 240 distinct items, one latency score.
/// </summary>
public abstract class DemoStoryTests : PerStoreServerTests
{
    private const string Ws = "default";

    [Fact]
    public async Task Demo_ResultsTellTheStory()
    {
        var client = Server.Client();
        var page = await client.ListResultsAsync(Ws, new ResultQuery { Sort = "-created_at" });
        var byName = page.Data.ToDictionary(r => r.Name);
        Assert.Equal(
            ["qa-gpt-4o-mini-prompt-v2", "qa-gpt-4o-mini-3-epochs", "qa-gpt-4o-mini", "qa-llama-3.1-8b", "qa-llama-3.1-70b"],
            page.Data.Select(r => r.Name));
        Assert.True(byName["qa-gpt-4o-mini"].PassStatus);
        Assert.True(byName["qa-gpt-4o-mini-3-epochs"].PassStatus);
        Assert.False(byName["qa-gpt-4o-mini-prompt-v2"].PassStatus);
        Assert.False(byName["qa-llama-3.1-8b"].PassStatus);
        Assert.Equal(ResultStatus.Failed, byName["qa-llama-3.1-70b"].Status);
        Assert.Null(byName["qa-llama-3.1-70b"].PassStatus);

        foreach (var result in page.Data.Where(r => r.Status == ResultStatus.Completed))
        {
            Assert.Equal(240, result.ItemCount);
            Assert.Equal(["string-check", "exact-match", "llm-judge", "latency_ms"], result.Scores.Select(s => s.Metric));
        }
        var epochs = byName["qa-gpt-4o-mini-3-epochs"];
        Assert.Equal(ResultKind.Benchmark, epochs.Kind);
        Assert.Equal(3, epochs.MaxTrials);
        Assert.Equal(720, epochs.RowCount);
    }

    [Fact]
    public async Task Demo_CompareCatchesThePromptRegression()
    {
        var report = await Server.Client().CompareAsync(Ws, new CompareRequest
        {
            Baseline = "qa-gpt-4o-mini",
            Candidates = ["qa-gpt-4o-mini-prompt-v2"],
        });
        var candidate = Assert.Single(report.Candidates);
        Assert.Equal(240, candidate.MatchedItems);
        Assert.Equal(0, candidate.OnlyInBaseline + candidate.OnlyInCandidate + candidate.DriftCount);
        var scores = candidate.Scores.ToDictionary(s => s.Metric);
        Assert.Equal(Verdict.Worse, scores["string-check"].Comparison.Verdict);
        Assert.True(scores["string-check"].AdjustedP < 0.01);
        Assert.Equal(Verdict.Worse, scores["llm-judge"].Comparison.Verdict);
        // The terser prompt is not worse at everything: bare answers match exactly more often, and come sooner.
        Assert.Equal(Verdict.Better, scores["exact-match"].Comparison.Verdict);
        Assert.Equal(Verdict.Better, scores["latency_ms"].Comparison.Verdict);
    }
}

/// <summary>The demo on SQLite.</summary>
public sealed class SqliteDemoStoryTests : DemoStoryTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync(configure: o => o with { Demo = true });
}

/// <summary>The demo on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDemoStoryTests(PostgresDatabase database) : DemoStoryTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync(o => o with { Demo = true });
}
