using System.Text.Json.Nodes;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>The contract suite's row reads (lossless shape, filters, paging) and one-shot imports.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ReadRows_ReturnsTheIngestShapeLosslesslyWithRowDigest()
    {
        var rich =
            """{"row_index": 7, "item": {"input": "Q?", "reference": "A", "meta": {"id": 3}}, "sample": {"output_text": "A!"},""" +
            """ "metrics": {"judge": [{"name": "helpful", "value": "good", "reasoning": "clear"}], "em": [{"name": "em",""" +
            """ "value": true}]}, "requests": [{"url": "http://judge", "status": 200}], "trial": 2, "usage": {"input_tokens": 12,""" +
            """ "output_tokens": 5}, "latency_ms": 412, "chunks": [{"source_name": "faq.md", "text": "…", "chunk_used": true,""" +
            """ "chunk_usage_pct": 40.0}], "metric_errors": {"llm-judge": "timeout after 30 s"}, "custom": {"kept": [1, 2]}}""";
        var result = await ImportAsync("lossless", [rich]);
        var rows = await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, new RowQuery()));
        var row = Assert.Single(rows);
        Assert.Equal(7, row.RowIndex);
        Assert.Equal(2, row.Trial);
        var back = JsonNode.Parse(row.ToString())!.AsObject();
        Assert.Equal(43, back["row_digest"]!.GetValue<string>().Length);
        back.Remove("row_digest");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(rich), back), $"round trip changed the row: {back.ToJsonString()}");
    }

    [Fact]
    public async Task ReadRows_FiltersByScoreTrialRangeAndErrors()
    {
        var lines = Enumerable.Range(0, 10).Select(i => Rows.Synthetic(i, i / 10.0, i % 2 == 0, error: i == 3 ? "timeout" : null))
            .Append(Rows.Synthetic(0, 0.95, true, trial: 1));
        var result = await ImportAsync("filtered", lines);
        Assert.Equal(11, result.RowCount);
        Assert.Equal(10, result.ItemCount);
        Assert.Equal(2, result.MaxTrials);

        async Task<List<(long, int)>> Read(RowQuery query) =>
            (await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, query))).Select(r => (r.RowIndex, r.Trial)).ToList();

        Assert.Equal([(0L, 0), (1, 0), (2, 0)], await Read(new RowQuery { Where = [ScoreCondition.Parse("accuracy<0.3")] }));
        // "any" covers every score: the failed boolean (0) of odd rows counts too.
        Assert.Equal([(0L, 0), (1, 0), (2, 0), (3, 0), (5, 0), (7, 0), (9, 0)],
            await Read(new RowQuery { Where = [ScoreCondition.Parse("any<0.3")], Trial = 0 }));
        Assert.Equal([(0L, 1)], await Read(new RowQuery { Trial = 1 }));
        Assert.Equal([(1L, 0), (3, 0)], await Read(new RowQuery { Where = [ScoreCondition.Parse("passed=false")], ToRow = 4 }));
        Assert.Equal([(3L, 0)], await Read(new RowQuery { ErroredOnly = true }));
        Assert.Equal([(4L, 0), (5, 0)], await Read(new RowQuery { FromRow = 4, Limit = 2 }));
        Assert.Equal([(0L, 1), (9, 0)], await Read(new RowQuery { SortBy = "accuracy", Descending = true, Limit = 2 }));
        var unknown = await Assert.ThrowsAsync<EvalstoreException>(() => Read(new RowQuery { Where = [ScoreCondition.Parse("colour<1")] }));
        Assert.Equal(400, unknown.Status);
    }

    [Fact]
    public async Task ReadRows_OffsetAndLimitPageTheFilteredRowsInRowOrder()
    {
        // Row indexes with gaps and two trials on some items, so that a page boundary is not a row index.
        var lines = Enumerable.Range(0, 30).Select(i => Rows.Synthetic(i * 3, i / 30.0, i % 2 == 0, error: i % 4 == 0 ? "timeout" : null))
            .Concat(Enumerable.Range(0, 10).Select(i => Rows.Synthetic(i * 6, 0.5, true, trial: 1)));
        var result = await ImportAsync("paged", lines);

        async Task<List<(long, int)>> Read(RowQuery query) =>
            (await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, query))).Select(r => (r.RowIndex, r.Trial)).ToList();

        foreach (var filter in new[] { new RowQuery(), new RowQuery { Trial = 0 }, new RowQuery { ErroredOnly = true },
            new RowQuery { FromRow = 10, ToRow = 70 } })
        {
            var all = await Read(filter);
            foreach (var (offset, limit) in new[] { (0L, 7L), (7L, 7L), (13L, 5L), (all.Count - 2L, 7L), (all.Count + 5L, 7L) })
            {
                Assert.Equal(all.Skip((int)offset).Take((int)limit), await Read(filter with { Offset = offset, Limit = limit }));
            }
            Assert.Equal(all.Skip(5), await Read(filter with { Offset = 5 }));
        }
    }

    [Fact]
    public async Task Import_FailingHalfWay_LeavesNothing()
    {
        string[] lines = [Rows.Seed004[0], Rows.Seed004[1], """{"item": {"x": 1}, "metrics": {}}"""];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportAsync("atomic", lines));
        Assert.Equal(400, error.Status);
        Assert.Contains("sample", error.Detail, StringComparison.Ordinal);
        Assert.Null(await Store.GetResultAsync(Ws, "atomic"));
        await ImportAsync("atomic", Rows.Seed004);
    }

    [Fact]
    public async Task Import_CarriesALargeRunSpec()
    {
        // A harness config can be far larger than a URL may be.
        var config = System.Text.Json.JsonDocument.Parse(
            System.Text.Json.JsonSerializer.Serialize(new { prompt = new string('x', 200_000) })).RootElement;
        var result = await Store.ImportResultAsync(Ws, new RunSpec { Name = "big-config", Config = config }, Rows.Parse(Rows.Seed004));
        Assert.Equal(
            200_000, (await Store.GetResultAsync(Ws, result.Id.ToString()))!.Config!.Value.GetProperty("prompt").GetString()!.Length);
    }
}
