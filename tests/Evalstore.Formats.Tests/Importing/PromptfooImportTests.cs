using Evalstore.Core.Model;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Importing;

public sealed class PromptfooImportTests : StoreTests
{
    [Fact]
    public async Task FrenchGreeting_OneResultPerProviderMatchingItsPromptMetrics()
    {
        var imported = Assert.Single((await ImportAsync(Corpus.Promptfoo)).Results);
        var result = imported.Result;
        Assert.Equal("openai:gpt-4o-mini_eval-gwz-2026-01-21T22:56:55", result.Name);
        Assert.Equal("openai:gpt-4o-mini", result.Model);
        Assert.Equal(1, result.RowCount);
        Assert.Equal(0.8203000664800403, Score(result, "overall", "score").Mean!.Value, 12);
        Assert.Equal(0, Score(result, "overall", "pass").PassCount);
        Assert.Equal(ScoreType.Binary, Score(result, "Correctness", "pass").ScoreType);
        Assert.Equal(0.6015003324002018, Score(result, "Topicality", "score").Mean!.Value, 12);
        Assert.Equal(0.5, Score(result, "Performance", "score").Mean);
        // The nested assert-set's members are scored once, under the set.
        Assert.Equal(1, Score(result, "Performance/cost", "pass").PassCount);
        Assert.Equal(0, Score(result, "Performance/latency", "pass").PassCount);
        Assert.DoesNotContain(result.Scores, s => s.Metric is "cost" or "latency");
        // score sum, test pass and fail counts, assertion pass (4) and fail (2) counts, 4 named scores.
        Assert.Equal(9, imported.Checks.Count);
        Assert.All(imported.Checks, c => Assert.Equal(HarnessCheckStatus.Match, c.Status));
    }

    [Fact]
    public async Task FrenchGreeting_RowHasVarsItemResponseReasonsAndUsage()
    {
        var result = Assert.Single((await ImportAsync(Corpus.Promptfoo)).Results).Result;
        var row = Assert.Single(await RowsAsync(result));
        using var document = row.Parse();
        var root = document.RootElement;
        Assert.Equal("{}", root.GetProperty("item").GetRawText());
        // Stored as written, not as \u0027 escapes.
        Assert.Contains("aujourd'hui", row.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            "Bonjour ! Comment puis-je vous aider aujourd'hui ?", root.GetProperty("sample").GetProperty("output_text").GetString());
        Assert.Equal("Aggregate score 0.82 < 0.9 threshold",
            root.GetProperty("metrics").GetProperty("overall")[0].GetProperty("reasoning").GetString());
        Assert.Equal("Latency 1352ms is greater than threshold 150ms",
            root.GetProperty("metrics").GetProperty("Performance/latency")[0].GetProperty("reasoning").GetString());
        Assert.Equal(14, root.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(1352, root.GetProperty("latency_ms").GetInt32());
        // The row failed its threshold, not with an error: no metric_errors.
        Assert.False(root.TryGetProperty("metric_errors", out _));
    }
}
