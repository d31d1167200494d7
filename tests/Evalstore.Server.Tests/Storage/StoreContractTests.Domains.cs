using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Analysis;
using Evalstore.Server.Storage;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>Issue 11 on every store: value domains, bounded intervals, paired leaderboards and visible duplicates.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>The analysis over this store: the server's EvalAnalysis on a database store, the client itself over HTTP.</summary>
    private IEvalAnalysis Analysis => Store switch
    {
        IEvalAnalysis remote => remote,
        IServerStore database => new EvalAnalysis(database),
        _ => throw new InvalidOperationException($"No analysis for a {Store.GetType().Name}."),
    };

    private static string Scored(int item, string metric, double value, string? prefix = null) =>
        "{\"item\": {\"q\": \"" + prefix + item.ToString(CultureInfo.InvariantCulture) + "\"}, \"sample\": {}, \"metrics\": {\"" + metric
        + "\": [{\"name\": \"" + metric + "\", \"value\": " + value.ToString("0.0##", CultureInfo.InvariantCulture) + "}]}}";

    private async Task<ResultInfo> ImportScoresAsync(string name, string? model, string? dataset, IEnumerable<string> lines,
        IReadOnlyList<MetricDeclaration>? declarations = null) =>
        await Store.ImportResultAsync(Ws, new RunSpec { Name = name, Model = model, Dataset = dataset, Metrics = declarations },
            Rows.Parse(lines, declarations));

    [Fact]
    public async Task ReadmeSnippet_ZeroOneFloats_GetAWilsonIntervalInsideZeroOne()
    {
        // The README's float(a == o): 1.0, 0.0, 1.0. It printed 0.6666 -0.7675 2.1009.
        var result = await ImportScoresAsync("readme-snippet", null, null,
            [Scored(1, "exact", 1), Scored(2, "exact", 0), Scored(3, "exact", 1)]);
        var read = (await Store.GetResultAsync(Ws, result.Id.ToString()))!;
        var exact = Assert.Single(read.Scores);
        Assert.Equal(ScoreType.Range, exact.ScoreType);
        Assert.Equal(ValueDomain.Proportion, exact.Domain);
        Assert.Equal(0.667, Math.Round(exact.Mean!.Value, 3));
        Assert.Equal(0.208, Math.Round(exact.CiLow!.Value, 3));
        Assert.Equal(0.939, Math.Round(exact.CiHigh!.Value, 3));
        Assert.Equal(2.0 / 3, exact.PassRate!.Value, 12);
        Assert.Equal("wilson", exact.Method!.Interval);
    }

    [Fact]
    public async Task DeclaredMinMax_ClipsTheIntervalAndRefusesValuesOutside()
    {
        var declarations = new List<MetricDeclaration> { new() { Metric = "grade", Min = 0, Max = 10 } };
        var result = await ImportScoresAsync("bounded", null, null,
            [Scored(1, "grade", 10), Scored(2, "grade", 10), Scored(3, "grade", 9.5), Scored(4, "grade", 10)], declarations);
        var grade = Assert.Single(result.Scores);
        Assert.Equal(ValueDomain.Bounded, grade.Domain);
        Assert.Equal(10, grade.CiHigh);
        Assert.Equal("clipped to the declared range [0, 10]", grade.Method!.Bounding);
        var error = await Assert.ThrowsAsync<EvalstoreException>(() =>
            ImportScoresAsync("out-of-bounds", null, null, [Scored(1, "grade", 11)], declarations));
        Assert.Equal(400, error.Status);
        Assert.Contains("outside [0, 10]", error.Detail, StringComparison.Ordinal);
        Assert.Null(await Store.GetResultAsync(Ws, "out-of-bounds"));
    }

    [Fact]
    public async Task Compare_ZeroOneFloats_UseMcNemar_D3a()
    {
        double[] a = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
        double[] b = [1, 1, 1, 0, 0, 0, 0, 1, 0, 0];
        await ImportScoresAsync("d3a-a", "a", null, a.Select((v, i) => Scored(i, "exact", v)));
        await ImportScoresAsync("d3a-b", "b", null, b.Select((v, i) => Scored(i, "exact", v)));
        var report = await Analysis.CompareAsync(Ws, new CompareRequest { Baseline = "d3a-a", Candidates = ["d3a-b"] });
        var c = Assert.Single(report.Candidates[0].Scores).Comparison;
        Assert.Equal(ValueDomain.Proportion, c.Domain);
        Assert.Equal(SignificanceTest.McNemarExact, c.VerdictTest);
        Assert.Equal((4L, 1L), (c.McNemar!.B, c.McNemar.C));
        Assert.Equal(0.375, c.McNemar.P, 12);
    }

    [Fact]
    public async Task Compare_ReportsDuplicateItemsPerSide()
    {
        // The demo's "What is 82 + 16?" twice: 5 rows, 4 items on A.
        await ImportScoresAsync("dup-a", "a", null, [Scored(1, "exact", 1), Scored(2, "exact", 0), Scored(2, "exact", 1),
            Scored(3, "exact", 1), Scored(4, "exact", 0)]);
        await ImportScoresAsync("dup-b", "b", null,
            [Scored(1, "exact", 1), Scored(2, "exact", 1), Scored(3, "exact", 0), Scored(4, "exact", 0)]);
        var candidate = (await Analysis.CompareAsync(Ws, new CompareRequest { Baseline = "dup-a", Candidates = ["dup-b"] })).Candidates[0];
        Assert.Equal(4, candidate.MatchedItems);
        Assert.Equal(new DuplicateItems(1, 1), candidate.BaselineDuplicates);
        Assert.Equal(new DuplicateItems(0, 0), candidate.CandidateDuplicates);
        Assert.Contains("averaged", candidate.DuplicateRule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_SharedItems_RankByMcNemar_B1A2_DespiteOverlappingIntervals()
    {
        // 200 shared items; B is right on every item A is right on plus 12 more (A 0.54, B 0.60).
        await ImportScoresAsync("lb-a", "model-a", "shared", Enumerable.Range(0, 200).Select(i => Scored(i, "exact", i < 108 ? 1 : 0)));
        await ImportScoresAsync("lb-b", "model-b", "shared", Enumerable.Range(0, 200).Select(i => Scored(i, "exact", i < 120 ? 1 : 0)));
        var report = await Analysis.LeaderboardAsync(Ws, new LeaderboardRequest { Dataset = "shared" });
        Assert.Equal("exact", report.OrderedBy);
        var column = Assert.Single(report.Columns);
        Assert.Equal("paired", column.RankedBy);
        var pair = Assert.Single(column.Pairs!);
        Assert.Equal(("mcnemar-exact", 200L, 1.0), (pair.Test, pair.SharedItems, pair.Share));
        Assert.Equal(0.00049, Math.Round(pair.P!.Value, 5));
        Assert.Equal(["model-b", "model-a"], report.Rows.Select(r => r.Model));
        var (a, b) = (report.Rows[1].Cells["exact"], report.Rows[0].Cells["exact"]);
        Assert.Equal((1, 2), (b.Rank, a.Rank));
        Assert.True(a.CiHigh > b.CiLow);                  // the Wilson intervals overlap
        Assert.Equal((200L, 1.0), (a.N, a.SharedShare!.Value));
    }

    [Fact]
    public async Task Leaderboard_UnsharedItems_KeepTheIntervalScreen_Labelled()
    {
        await ImportScoresAsync("lb-c", "model-c", "apart", Enumerable.Range(0, 200).Select(i => Scored(i, "exact", i < 108 ? 1 : 0, "c")));
        await ImportScoresAsync("lb-d", "model-d", "apart", Enumerable.Range(0, 200).Select(i => Scored(i, "exact", i < 120 ? 1 : 0, "d")));
        var report = await Analysis.LeaderboardAsync(Ws, new LeaderboardRequest { Dataset = "apart" });
        Assert.Equal("interval-overlap", Assert.Single(report.Columns).RankedBy);
        Assert.Equal([1, 1], report.Rows.Select(r => r.Cells["exact"].Rank));
        Assert.All(report.Rows, r => Assert.True(r.Cells["exact"].Tied));
    }
}
