using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Importing;

public sealed class LmEvalImportTests : StoreTests
{
    [Fact]
    public async Task BiasClassification_FiveShot_MatchesTheHarnessNumbers()
    {
        var report = await ImportAsync(Corpus.BiasFiveShot);

        var imported = Assert.Single(report.Results);
        var result = imported.Result;
        Assert.Equal("meta-llama__Meta-Llama-3-8B_bias_classification_2024-06-17T12-20-26.826621", result.Name);
        Assert.Equal("meta-llama/Meta-Llama-3-8B", result.Model);
        Assert.Equal(ResultKind.Metric, result.Kind);
        Assert.Equal("bias_classification", result.Metric);
        Assert.Equal("5", result.Labels["n_shot"]);
        Assert.Equal(609, result.RowCount);
        Assert.Equal(609, result.ItemCount);
        var acc = Score(result, "acc");
        Assert.Equal(ScoreType.Binary, acc.ScoreType);
        Assert.Equal(0.5369458128078818, acc.Mean!.Value, 12);
        Assert.Equal(0.020222244091885166, acc.StdErr!.Value, 12);
        Assert.Equal(ScoreType.Text, Score(result, "f1").ScoreType);
        // The corpus-level F1, recomputed from the [gold, pred] pairs, is a score of its own.
        Assert.Equal(0.5688073394495413, Score(result, "f1", "corpus").Mean!.Value, 12);
        Assert.All(imported.Checks.Where(c => c.Metric is "acc" or "acc_norm" or "f1"), c
            => Assert.Equal(HarnessCheckStatus.Match, c.Status));
        var f1 = imported.Checks.Single(c => c.Metric == "f1");
        Assert.Equal("f1", f1.Statistic);
        Assert.Equal(0.5688073394495413, f1.Actual!.Value, 12);
        Assert.Equal(5, imported.Checks.Count(c => c.Status == HarnessCheckStatus.Match));
        Assert.Equal(0, imported.Mismatches);
    }

    [Fact]
    public async Task BiasClassification_RowsKeepDocTargetResponsesAndDigestsJoinAcrossShots()
    {
        var five = (await ImportAsync(Corpus.BiasFiveShot)).Results.Single().Result;
        var zero = (await ImportAsync(Corpus.BiasZeroShot)).Results.Single().Result;
        Assert.Equal(0.5106732348111659, Score(zero, "acc").Mean!.Value, 12);

        var fiveRows = await RowsAsync(five);
        var zeroRows = await RowsAsync(zero);
        Assert.Equal(609, fiveRows.Count);
        // Same docs, row for row: every digest matches, and 222 rows disagree on acc (the corpus README's count).
        Assert.Equal(fiveRows.Select(r => r.Digest), zeroRows.Select(r => r.Digest));
        // One doc of the test split appears twice, so 609 rows hold 608 distinct items.
        Assert.Equal(608, fiveRows.Select(r => r.Digest).Distinct().Count());
        var disagreements = fiveRows.Zip(zeroRows).Count(pair => Acc(pair.First) != Acc(pair.Second));
        Assert.Equal(222, disagreements);

        using var first = fiveRows[0].Parse();
        var root = first.RootElement;
        Assert.Equal("B", root.GetProperty("item").GetProperty("gold").GetString());
        Assert.Equal("B", root.GetProperty("sample").GetProperty("reference").GetString());
        Assert.Equal(2, root.GetProperty("requests").GetArrayLength());
        Assert.Equal(" B", root.GetProperty("requests")[1].GetProperty("arguments").GetProperty("arg_1").GetString());
        Assert.Equal("[1,1]", root.GetProperty("metrics").GetProperty("f1")[0].GetProperty("value").GetString());
    }

    private static double Acc(RowRecord row)
    {
        using var document = row.Parse();
        return document.RootElement.GetProperty("metrics").GetProperty("acc")[0].GetProperty("value").GetDouble();
    }

    [Fact]
    public async Task TruthfulQa_RenamedResultsFileFindsItsSamplesAndMatchesTwelveMetrics()
    {
        var imported = Assert.Single((await ImportAsync(Corpus.TruthfulQa)).Results);
        var result = imported.Result;
        Assert.Equal(817, result.RowCount);
        Assert.Equal("EleutherAI/gpt-neo-125M", result.Model);
        Assert.Equal("truthful_qa/generation", result.Dataset);
        Assert.Equal(12, result.Scores.Count);
        Assert.Equal(13.82766815700744, Score(result, "bleu_max").Mean!.Value, 9);
        Assert.Equal(ScoreType.Binary, Score(result, "bleu_acc").ScoreType);
        Assert.Equal(ScoreType.Range, Score(result, "bleu_diff").ScoreType);
        Assert.True(Score(result, "bleu_diff").Min < 0);
        Assert.Equal(24, imported.Checks.Count);
        Assert.All(imported.Checks, c => Assert.Equal(HarnessCheckStatus.Match, c.Status));
        // The patched model's "hallucination" field is not a metric: it stays in the sample.
        var rows = await RowsAsync(result, new RowQuery { Limit = 1 });
        using var row = rows[0].Parse();
        Assert.Equal("truthful", row.RootElement.GetProperty("sample").GetProperty("hallucination").GetString());
        Assert.Equal("\nA: I eat watermelon seeds.", row.RootElement.GetProperty("sample").GetProperty("output_text").GetString());
    }

    [Fact]
    public async Task QwenResultsOnly_OneBenchmarkResultWithOneRowPerTask()
    {
        var small = Assert.Single((await ImportAsync(Corpus.QwenSmall)).Results);
        var large = Assert.Single((await ImportAsync(Corpus.QwenLarge)).Results);
        Assert.Equal(ResultKind.Benchmark, small.Result.Kind);
        Assert.Equal(78, small.Result.RowCount);
        Assert.Equal("Qwen/Qwen2.5-1.5B", small.Result.Model);
        Assert.Equal("Qwen/Qwen2.5-3B", large.Result.Model);
        Assert.Contains(small.Notes, n => n.Contains("78 task(s) (5 group(s))", StringComparison.Ordinal));
        Assert.False(Score(small.Result, "perplexity").HigherIsBetter);
        Assert.True(Score(small.Result, "acc").HigherIsBetter);

        var rows = await RowsAsync(small.Result);
        var arcEasy = rows.Single(r => r.ToString().Contains("\"item\":{\"task\":\"arc_easy\"}", StringComparison.Ordinal));
        using var document = arcEasy.Parse();
        Assert.Equal(
            0.7542087542087542, document.RootElement.GetProperty("metrics").GetProperty("acc")[0].GetProperty("value").GetDouble());
        Assert.Equal(0.00883480936639149, document.RootElement.GetProperty("sample").GetProperty("stderr").GetProperty("acc").GetDouble());
        // The same task joins across the two models.
        var largeRows = await RowsAsync(large.Result);
        Assert.Equal(rows.Select(r => r.Digest).Order(), largeRows.Select(r => r.Digest).Order());
    }

    [Fact]
    public async Task SamplesFileAlone_IsRefusedWithItsName()
    {
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportAsync(Corpus.BiasFiveShotSamples));
        Assert.Equal(400, error.Status);
        Assert.Contains("samples_bias_classification_2024-06-17T12-20-26.826621.json is an lm-eval samples file", error.Detail,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_ImportsEveryResultsFileOnce()
    {
        var report = await ImportPathsAsync([Corpus.File(Corpus.BiasDirectory)]);
        Assert.Equal(2, report.Results.Count);
        Assert.Empty(report.Skipped);
        Assert.All(report.Results, r => Assert.Equal(609, r.Result.RowCount));
    }
}
