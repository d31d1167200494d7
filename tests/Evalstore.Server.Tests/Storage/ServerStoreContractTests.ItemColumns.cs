using System.Globalization;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Analysis;
using Evalstore.Server.Storage;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// <see cref="IServerStore.ReadItemColumnsAsync"/>, which compare joins on integer item keys with: each value points at a
/// row whose digest is the one <see cref="IServerStore.ReadScoreItemsAsync"/> gives it, the same item gets the same key
/// in every result, and the join and the whole compare report equal those of the digest-string join.
/// </summary>
public abstract partial class ServerStoreContractTests
{
    // Trials, NaN, a rubric label, a boolean, a score only some rows have, an item repeated on another row, and rows
    // given out of order; B shares most items, has drift (another item at the same row index) and an item of its own.
    private static string KeyedLine(int row, int trial, string item, double acc, bool ok)
    {
        var number = double.IsNaN(acc) ? "\"NaN\"" : acc.ToString("R", CultureInfo.InvariantCulture);
        var tone = row % 2 == 0 ? ", \"judge\": [{\"name\": \"tone\", \"value\": \"" + (ok ? "good" : "poor") + "\"}]" : "";
        return "{\"row_index\": " + row + ", \"trial\": " + trial + ", \"item\": {\"q\": \"" + item + "\"}, \"sample\": {}, "
            + "\"metrics\": {\"acc\": [{\"name\": \"acc\", \"value\": " + number + "}], \"ok\": [{\"name\": \"ok\", \"value\": "
            + (ok ? "true" : "false") + "}]" + tone + "}}";
    }

    private static readonly string[] s_keyedA =
    [
        KeyedLine(4, 0, "q4", 0.4, true), KeyedLine(0, 0, "q0", 0.1, true), KeyedLine(0, 1, "q0", 0.3, false),
        KeyedLine(1, 0, "q1", double.NaN, false), KeyedLine(1, 1, "q1", 0.9, true), KeyedLine(2, 0, "q2", 0.2, false),
        KeyedLine(3, 0, "q1", 0.7, true), KeyedLine(5, 0, "q5", 0.5, true), KeyedLine(6, 0, "q6", 0.6, false),
    ];

    private static readonly string[] s_keyedB =
    [
        KeyedLine(0, 0, "q0", 0.2, false), KeyedLine(1, 0, "q1", 0.8, true), KeyedLine(2, 0, "q9", 0.4, true),
        KeyedLine(5, 0, "q5", double.NaN, true), KeyedLine(3, 0, "q4", 0.1, false), KeyedLine(4, 0, "q2", 0.6, true),
        KeyedLine(6, 0, "q6", 0.2, true), KeyedLine(7, 0, "q7", 0.5, false),
    ];

    private static readonly List<MetricDeclaration> s_keyedMetrics =
    [
        new() { Metric = "judge", Score = "tone", Type = ScoreType.Rubric,
            Rubric = [new RubricLevel("poor", 1), new RubricLevel("good", 3)] },
    ];

    private async Task<(ResultInfo A, ResultInfo B)> ImportKeyedAsync()
    {
        Task<ResultInfo> Import(string name, string[] lines) =>
            Store.ImportResultAsync(Ws, new RunSpec { Name = name, Metrics = s_keyedMetrics }, Rows.Parse(lines, s_keyedMetrics));
        return (await Import("keyed-a", s_keyedA), await Import("keyed-b", s_keyedB));
    }

    [Fact]
    public async Task ItemColumns_PointEveryValueAtItsRowDigest()
    {
        var (a, _) = await ImportKeyedAsync();
        var columns = await Store.ReadItemColumnsAsync(Ws, a.Id, null, null);
        Assert.NotNull(columns);
        var items = await ReadAsync(a.Id, null, null);
        Assert.Equal(items.Select(s => (s.Metric, s.Name)), columns.Scores.Select(s => (s.Metric, s.Name)));
        for (var s = 0; s < items.Count; s++)
        {
            var values = items[s].Values;
            var column = columns.Scores[s];
            Assert.Equal(values.Count, column.Rows.Length);
            Assert.Equal(values.Select(v => v.Digest), column.Rows.Select(columns.DigestText));
            Assert.Equal(values.Select(v => v.RowIndex), column.RowIndexes);
            Assert.Equal(values.Select(v => v.Value.HasNumber ? v.Value.Number : double.NaN), column.Numbers);
        }
        // One metric's scores only, as ReadScoreItemsAsync selects them.
        var judge = await Store.ReadItemColumnsAsync(Ws, a.Id, "tone", null);
        Assert.Equal(["judge:tone"], judge!.Scores.Select(s => $"{s.Metric}:{s.Name}"));
    }

    [Fact]
    public async Task ItemKeys_AreTheSameForTheSameItemAcrossResults_AndJoinAsDigestsDo()
    {
        var (a, b) = await ImportKeyedAsync();
        var keyed = ScoreJoin.Join((await Store.ReadItemColumnsAsync(Ws, a.Id, null, null))!,
            (await Store.ReadItemColumnsAsync(Ws, b.Id, null, null))!);
        var itemsA = await ReadAsync(a.Id, null, null);
        var itemsB = await ReadAsync(b.Id, null, null);
        var byDigest = ScoreJoin.Join(itemsA.Select(s => s.Values).ToList(), itemsB.Select(s => s.Values).ToList());
        Assert.NotNull(keyed);
        Assert.Equal(byDigest.Count, keyed.Count);
        for (var s = 0; s < keyed.Count; s++)
        {
            Assert.Equal(byDigest[s].Pairs, keyed[s].Pairs);
            Assert.Equal((byDigest[s].OnlyInA, byDigest[s].OnlyInB, byDigest[s].MatchedWithoutValues),
                (keyed[s].OnlyInA, keyed[s].OnlyInB, keyed[s].MatchedWithoutValues));
            Assert.Equal((byDigest[s].DriftCount, byDigest[s].DuplicatesA, byDigest[s].DuplicatesB),
                (keyed[s].DriftCount, keyed[s].DuplicatesA, keyed[s].DuplicatesB));
            Assert.Equal(byDigest[s].DriftExamples, keyed[s].DriftExamples);
        }
        // q0, q1, q2, q4, q5 and q6 are in both (q1 twice in A), at other rows for q2 and q4: matched by content.
        var acc = keyed[0];
        Assert.Equal("acc", itemsA[0].Metric);
        Assert.Equal(5, acc.Matched);                       // q5 has no acc value in B: matched without values
        Assert.Equal((1L, 2L, 3L), (acc.MatchedWithoutValues, acc.OnlyInB, acc.DriftCount));
        Assert.Equal(new DuplicateItems(1, 1), acc.DuplicatesA);
        Assert.Equal([0L, 1, 2, 4, 6], acc.Pairs.Select(p => p.RowIndexA));
        Assert.Equal([0L, 1, 4, 3, 6], acc.Pairs.Select(p => p.RowIndexB));
    }

    [Fact]
    public async Task CompareReport_IsTheSameJoinedOnItemKeysOrOnDigests()
    {
        await ImportKeyedAsync();
        var request = new CompareRequest { Baseline = "keyed-a", Candidates = ["keyed-b", "keyed-a"] };
        var keyed = await Comparisons.CompareAsync(Store, Ws, request, itemKeys: true, CancellationToken.None);
        var byDigest = await Comparisons.CompareAsync(Store, Ws, request, itemKeys: false, CancellationToken.None);
        Assert.Equal(EvalstoreJson.Serialize(byDigest), EvalstoreJson.Serialize(keyed));
        var candidate = keyed.Candidates[0];
        Assert.Equal((6L, 3L), (candidate.MatchedItems, candidate.DriftCount));
        Assert.Equal(["acc", "ok", "judge"], candidate.Scores.Select(s => s.Metric).Distinct());
        Assert.NotNull(candidate.Flipped);
    }
}
