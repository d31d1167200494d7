using Evalstore.Core.Model;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Importing;

public sealed class InspectImportTests : StoreTests
{
    [Theory]
    [InlineData(Corpus.EvalGpt5, "openai/gpt-5", 0.52)]
    [InlineData(Corpus.EvalClaude, "anthropic/claude-sonnet-4-20250514", 0.57)]
    public async Task EvalZipLog_MatchesItsReportedAccuracyAndStderr(string file, string model, double accuracy)
    {
        var imported = Assert.Single((await ImportAsync(file)).Results);
        var result = imported.Result;
        Assert.Equal(model, result.Model);
        Assert.Equal(ResultKind.Evaluation, result.Kind);
        Assert.Equal("popularity", result.Evaluation);
        Assert.Equal(100, result.RowCount);
        Assert.Equal(100, result.ItemCount);
        var match = Score(result, "match");
        Assert.Equal(ScoreType.Binary, match.ScoreType);
        Assert.Equal(accuracy, match.Mean!.Value, 12);
        Assert.Equal(0.05, match.StdErr!.Value, 2);
        Assert.Contains(imported.Checks, c => c.Statistic == "mean" && c.Status == HarnessCheckStatus.Match && c.Expected == accuracy);
        Assert.Contains(imported.Checks, c => c.Statistic == "std_err" && c.Status == HarnessCheckStatus.Match);
        Assert.Equal(0, imported.Mismatches);
    }

    [Fact]
    public async Task EvalZipLogs_SampleIdsJoinAcrossModels()
    {
        var gpt = Assert.Single((await ImportAsync(Corpus.EvalGpt5)).Results).Result;
        var claude = Assert.Single((await ImportAsync(Corpus.EvalClaude)).Results).Result;
        var gptRows = await RowsAsync(gpt);
        var claudeRows = await RowsAsync(claude);
        Assert.Equal(100, gptRows.Select(r => r.Digest).Distinct().Count());
        Assert.Equal(gptRows.Select(r => (r.RowIndex, r.Digest)), claudeRows.Select(r => (r.RowIndex, r.Digest)));
        using var first = gptRows[0].Parse();
        var item = first.RootElement.GetProperty("item");
        Assert.Equal(1, item.GetProperty("id").GetInt32());
        Assert.Equal(" Yes", item.GetProperty("target").GetString());
    }

    [Fact]
    public async Task JsonLogs_ImportWithTheirAccuracies()
    {
        var popularity = Assert.Single((await ImportAsync(Corpus.JsonPopularity)).Results);
        Assert.Equal(3, popularity.Result.RowCount);
        Assert.Equal("cancelled", popularity.Result.Labels["status"]);
        Assert.Contains(popularity.Notes, n => n.Contains("cancelled", StringComparison.Ordinal));
        Assert.Equal(2.0 / 3, Score(popularity.Result, "match").Mean!.Value, 12);
        Assert.Equal(2, popularity.Checks.Count(c => c.Status == HarnessCheckStatus.Match));

        var gemma = Assert.Single((await ImportAsync(Corpus.JsonReadSample)).Results);
        Assert.Equal(1.0, Score(gemma.Result, "match").Mean);
        var llama = Assert.Single((await ImportAsync(Corpus.JsonLogFormats)).Results);
        Assert.Equal(0.0, Score(llama.Result, "match").Mean);
        // One sample has no standard error: the harness's 0.0 cannot be compared, so it is skipped, not failed.
        Assert.Contains(llama.Checks, c => c.Statistic == "std_err" && c.Status == HarnessCheckStatus.Skipped);
        Assert.Equal(0, llama.Mismatches);

        // Sample 1 of popularity is the same item in all three logs: C, C and I.
        var firstDigests = new List<string>();
        foreach (var result in new[] { popularity.Result, gemma.Result, llama.Result })
        {
            firstDigests.Add((await RowsAsync(result)).Single(r => r.ToString().Contains("\"id\":1,", StringComparison.Ordinal)).Digest);
        }
        Assert.Single(firstDigests.Distinct());
    }

    [Fact]
    public async Task JudgeLog_KeepsExplanationAsReasoningAndChatInputWithoutMessageIds()
    {
        var imported = Assert.Single((await ImportAsync(Corpus.JsonSecurityGuide)).Results);
        Assert.Equal(3, imported.Result.RowCount);
        Assert.Equal(1.0, Score(imported.Result, "model_graded_fact").Mean);
        var rows = await RowsAsync(imported.Result);
        using var row = rows[0].Parse();
        var score = row.RootElement.GetProperty("metrics").GetProperty("model_graded_fact")[0];
        Assert.True(score.GetProperty("value").GetBoolean());
        Assert.StartsWith("To evaluate the submission", score.GetProperty("reasoning").GetString(), StringComparison.Ordinal);
        var message = row.RootElement.GetProperty("item").GetProperty("input")[0];
        Assert.False(message.TryGetProperty("id", out _));
        Assert.Equal("How do I prevent SQL Injection attacks?", message.GetProperty("content").GetString());
        Assert.Equal("C",
            row.RootElement.GetProperty("sample").GetProperty("scores").GetProperty("model_graded_fact").GetProperty("value").GetString());
    }
}
