using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>The contract suite's statistics: NaN, declarations, pass status, clusters, trials and corpus scores.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task NaNValues_AreCountedAndExcluded()
    {
        string[] lines =
        [
            """{"item": {"q": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": 1.0}]}}""",
            """{"item": {"q": 2}, "sample": {}, "metrics": {"m": [{"name": "m", "value": null}]}}""",
            """{"item": {"q": 3}, "sample": {}, "metrics": {"m": [{"name": "m", "value": "NaN"}]}}""",
            """{"item": {"q": 4}, "sample": {}, "metrics": {"m": [{"name": "m", "value": NaN}]}}""",
            """{"item": {"q": 5}, "sample": {}, "metrics": {"m": [{"name": "m", "value": 0.0}]}}""",
        ];
        var result = await ImportAsync("nan", lines);
        var m = Assert.Single(result.Scores);
        Assert.Equal(2, m.Count);
        Assert.Equal(3, m.NanCount);
        Assert.Equal(0.5, m.Mean!.Value, 9);
        // Rows without row_index got consecutive indexes.
        var indexes = (await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, new RowQuery()))).Select(r => r.RowIndex);
        Assert.Equal([0L, 1, 2, 3, 4], indexes);
    }

    [Fact]
    public async Task PassStatus_RespectsLowerIsBetter()
    {
        var declarations = new List<MetricDeclaration> { new() { Metric = "latency", HigherIsBetter = false } };
        string[] lines =
        [
            """{"item": {"q": 1}, "sample": {}, "metrics": {"latency": [{"name": "latency", "value": 100}]}}""",
            """{"item": {"q": 2}, "sample": {}, "metrics": {"latency": [{"name": "latency", "value": 300}]}}""",
        ];
        var fast = await ImportAsync(
            "fast", lines, star: new StarMetric { Metric = "latency", Threshold = 250 }, declarations: declarations);
        var slow = await ImportAsync(
            "slow", lines, star: new StarMetric { Metric = "latency", Threshold = 150 }, declarations: declarations);
        Assert.True(fast.PassStatus);
        Assert.False(slow.PassStatus);
    }

    [Fact]
    public async Task DeclaredRubric_RejectsUnknownLabels()
    {
        var declarations = new List<MetricDeclaration>
        {
            new() { Metric = "judge", Type = ScoreType.Rubric, Rubric = [new RubricLevel("poor", 1), new RubricLevel("good", 3)] },
        };
        string[] lines = ["""{"item": {"q": 1}, "sample": {}, "metrics": {"judge": [{"name": "judge", "value": "great"}]}}"""];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportAsync("rubric", lines, declarations: declarations));
        Assert.Equal(400, error.Status);
        Assert.Contains("poor", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterKey_GivesClusteredStandardErrors()
    {
        // stats.md D4: clusters c1 = [1,1,1,0], c2 = [0,0,0], c3 = [1,1].
        (string Cluster, int Value)[] rows =
            [("c1", 1), ("c1", 1), ("c1", 1), ("c1", 0), ("c2", 0), ("c2", 0), ("c2", 0), ("c3", 1), ("c3", 1)];
        var lines = rows.Select((r, i) =>
            "{\"item\": {\"passage\": \"" + r.Cluster + "\", \"q\": " + i
                + "}, \"sample\": {}, \"metrics\": {\"acc\": [{\"name\": \"acc\", \"value\": " + r.Value + "}]}}");
        var result = await Store.ImportResultAsync(Ws, new RunSpec { Name = "clustered", ClusterKey = "passage" }, Rows.Parse(lines));
        var acc = Assert.Single(result.Scores);
        Assert.Equal(0.555556, acc.Mean!.Value, 1e-6);
        Assert.Equal(0.175682, acc.StdErr!.Value, 1e-6);
        Assert.NotNull(acc.Clustered);
        Assert.Equal(3, acc.Clustered.ClusterCount);
        Assert.Equal(0.226973, acc.Clustered.StdErr, 1e-6);
        Assert.Equal(0.277983, acc.Clustered.InspectStdErr!.Value, 1e-6);
    }

    [Fact]
    public async Task SeveralTrials_AreReducedPerItemAndGivePassAtK()
    {
        // stats.md D5: q1 = [1,0,1,1], q2 = [0,0,0,1], q3 = [1,1,1,1].
        int[][] trials = [[1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 1]];
        var lines = trials.SelectMany((values, q) => values.Select((v, t) =>
            "{\"row_index\": " + q + ", \"trial\": " + t + ", \"item\": {\"q\": " + q
                + "}, \"sample\": {}, \"metrics\": {\"pass\": [{\"name\": \"pass\", \"value\": " + (v == 1 ? "true" : "false") + "}]}}"));
        var result = await Store.ImportResultAsync(Ws, new RunSpec { Name = "epochs" }, Rows.Parse(lines));
        Assert.Equal(3, result.ItemCount);
        Assert.Equal(4, result.MaxTrials);
        var pass = Assert.Single(result.Scores);
        Assert.Equal(ScoreType.Binary, pass.ScoreType);
        Assert.Equal(3, pass.ItemCount);
        Assert.Equal(0.666667, pass.Mean!.Value, 1e-6);
        Assert.Equal(0.220479, pass.StdErr!.Value, 1e-6);
        Assert.NotNull(pass.Trials);
        Assert.Equal(0.833333, pass.Trials.PassAtK!.Single(k => k.K == 2).Value, 1e-6);
        Assert.Equal(0.416667, pass.Trials.PassHatK!.Single(k => k.K == 3).Value, 1e-6);
    }

    [Fact]
    public async Task CorpusScores_BecomeAggregatesUnlessARowScoreHasTheirName()
    {
        CorpusScore[] corpus = [new("bleu", "bleu", 0.42, "sacrebleu"), new("exact-match", "exact-match", 0.99), new("f1", "macro", 0.61)];
        var spec = new RunSpec { Name = "corpus", CorpusScores = corpus, StarMetric = new StarMetric { Metric = "bleu", Threshold = 0.4 } };
        var imported = await Store.ImportResultAsync(Ws, spec, Rows.Parse(Rows.Seed004));
        // Pass status is decided after the corpus scores are added: the star metric is one of them.
        Assert.True(imported.PassStatus);
        var read = (await Store.GetResultAsync(Ws, "corpus"))!;
        Assert.Equal(corpus, read.CorpusScores);
        Assert.True(read.PassStatus);
        foreach (var result in new[] { imported, read })
        {
            Assert.Equal(["bleu:bleu", "exact-match:exact-match", "f1:macro", "string-check:string-check"],
                result.Scores.Select(s => $"{s.Metric}:{s.Name}").Order(StringComparer.Ordinal));
            var bleu = result.Scores.Single(s => s.Metric == "bleu");
            Assert.Equal(1, bleu.Count);
            Assert.Equal(0.42, bleu.Mean);
            Assert.Equal(0.42, bleu.Percentiles!["p50"]);
            Assert.Contains("sacrebleu", bleu.Method!.TrialReduction, StringComparison.Ordinal);
            // The row score keeps its name: its aggregate comes from the five rows, not from the corpus value.
            var exact = result.Scores.Single(s => s.Metric == "exact-match");
            Assert.Equal(5, exact.Count);
            Assert.Equal(0.6, exact.Mean!.Value, 9);
        }
        Assert.Equal(read.Scores.Select(s => s.Metric),
            (await Store.ListResultsAsync(Ws, new ResultQuery())).Data.Single().Scores.Select(s => s.Metric));
    }

    [Fact]
    public async Task LatencyMs_IsABuiltInScoreWhereLowerIsBetter()
    {
        string[] lines =
        [
            """{"item": {"q": 1}, "sample": {}, "metrics": {"em": [{"name": "em", "value": true}]}, "latency_ms": 100}""",
            """{"item": {"q": 2}, "sample": {}, "metrics": {"em": [{"name": "em", "value": false}]}, "latency_ms": 300}""",
            """{"item": {"q": 3}, "sample": {}, "metrics": {"em": [{"name": "em", "value": true}]}}""",
        ];
        var result = await ImportAsync("latency", lines);
        var latency = result.Scores.Single(s => s.Metric == "latency_ms");
        Assert.Equal(2, latency.Count);
        Assert.Equal(200, latency.Mean!.Value, 9);
        Assert.False(latency.HigherIsBetter);
        // Slowest first, and the row without a latency last.
        var rows = await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, new RowQuery { SortBy = "latency_ms", Descending = true }));
        Assert.Equal([1L, 0, 2], rows.Select(r => r.RowIndex));
    }

    [Fact]
    public async Task ReadRows_SortsByScoreWithNaNAndMissingLast_AndPagesUnderFilters()
    {
        double?[] values = [0.5, null, 0.9, 0.1, double.NaN, 0.9, 0.3, 0.7];
        var lines = values.Select((v, i) => "{\"row_index\": " + i + ", \"item\": {\"q\": " + i + "}, \"sample\": {}, \"metrics\": {"
            + (v is { } x ? "\"acc\": [{\"name\": \"acc\", \"value\": "
                + (double.IsNaN(x) ? "\"NaN\"" : x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) + "}], " : "")
            + "\"ok\": [{\"name\": \"ok\", \"value\": " + (i % 3 == 0 ? "false" : "true") + "}]}}");
        var result = await ImportAsync("sorted", lines);

        async Task<List<long>> Read(RowQuery query)
            => (await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, query))).Select(r => r.RowIndex).ToList();

        // Ties keep row order; NaN (row 4) and the missing value (row 1) come last either way.
        Assert.Equal([2L, 5, 7, 0, 6, 3, 1, 4], await Read(new RowQuery { SortBy = "acc", Descending = true }));
        Assert.Equal([3L, 6, 0, 7, 2, 5, 1, 4], await Read(new RowQuery { SortBy = "acc:acc" }));
        // Pages of a filtered, sorted list: acc >= 0.3 is rows 0, 2, 5, 6, 7 (NaN never matches).
        var filtered = new RowQuery { Where = [ScoreCondition.Parse("acc>=0.3")], SortBy = "acc", Descending = true };
        Assert.Equal([2L, 5], await Read(filtered with { Limit = 2 }));
        Assert.Equal([7L, 0], await Read(filtered with { Offset = 2, Limit = 2 }));
        Assert.Equal([6L], await Read(filtered with { Offset = 4, Limit = 2 }));
        // Every condition must hold: acc < 0.8 is rows 0, 3, 6, 7, of which only 7 has ok = true.
        Assert.Equal([7L], await Read(new RowQuery { Where = [ScoreCondition.Parse("acc<0.8"), ScoreCondition.Parse("ok=1")] }));
        Assert.Equal([4L, 5], await Read(new RowQuery { Where = [ScoreCondition.Parse("ok!=0")], Offset = 2, Limit = 2 }));
        Assert.Equal([1L, 2, 4, 5, 7], await Read(new RowQuery { Where = [ScoreCondition.Parse("ok=true")] }));
        Assert.Empty(await Read(new RowQuery { Where = [ScoreCondition.Parse("any>5")] }));
    }
}
