using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// <see cref="IServerStore.ReadScoreItemsAsync"/>, which compare joins results with: which scores a key selects, and
/// every value as ingested (booleans, labels, NaN) with its row's digest and position.
/// </summary>
public abstract partial class ServerStoreContractTests
{
    private static readonly string[] s_lines =
    [
        """{"row_index": 0, "item": {"q": "zero"}, "sample": {}, "metrics": {"judge": [{"name": "tone", "value": "good"},""" +
            """ {"name": "facts", "value": 0.5}], "em": [{"name": "em", "value": true}]}}""",
        """{"row_index": 0, "trial": 1, "item": {"q": "zero"}, "sample": {}, "metrics": {"judge": [{"name": "tone", "value": "poor"},""" +
            """ {"name": "facts", "value": "NaN"}], "em": [{"name": "em", "value": false}]}}""",
        """{"row_index": 2, "item": {"q": "two"}, "sample": {}, "metrics": {"em": [{"name": "em", "value": true}]}}""",
        """{"row_index": 1, "item": {"q": "one"}, "sample": {}, "metrics": {"judge": [{"name": "facts", "value": 1}],""" +
            """ "em": [{"name": "em", "value": false}]}}""",
    ];

    private async Task<(ResultInfo Result, Dictionary<long, string> Digests)> ImportAsync()
    {
        var declarations = new List<MetricDeclaration>
        {
            new() { Metric = "judge", Score = "tone", Type = ScoreType.Rubric,
                Rubric = [new RubricLevel("poor", 1), new RubricLevel("good", 3)] },
        };
        var result =
            await Store.ImportResultAsync(Ws, new RunSpec { Name = "items", Metrics = declarations }, Rows.Parse(s_lines, declarations));
        var digests = new Dictionary<long, string>();
        await foreach (var row in Store.ReadRowsAsync(Ws, result.Id, new RowQuery { Trial = 0 }))
        {
            digests[row.RowIndex] = row.Digest;
        }
        return (result, digests);
    }

    private async Task<List<ScoreItems>> ReadAsync(Guid id, string? metric, string? score)
    {
        var list = new List<ScoreItems>();
        await foreach (var items in Store.ReadScoreItemsAsync(Ws, id, metric, score))
        {
            list.Add(items);
        }
        return list;
    }

    [Fact]
    public async Task EveryValueComesBackAsIngestedWithItsDigestInPositionOrder()
    {
        var (result, digests) = await ImportAsync();
        var all = await ReadAsync(result.Id, null, null);
        Assert.Equal(["judge:tone", "judge:facts", "em:em"], all.Select(s => $"{s.Metric}:{s.Name}"));

        var em = all.Single(s => s.Metric == "em").Values;
        Assert.Equal([(0L, 0), (0, 1), (1, 0), (2, 0)], em.Select(v => (v.RowIndex, v.Trial)));
        Assert.Equal([digests[0], digests[0], digests[1], digests[2]], em.Select(v => v.Digest));
        Assert.Equal([ScoreValue.Of(true), ScoreValue.Of(false), ScoreValue.Of(false), ScoreValue.Of(true)], em.Select(v => v.Value));

        var tone = all.Single(s => s.Name == "tone").Values;
        Assert.Equal([ScoreValue.OfLabel("good", 3), ScoreValue.OfLabel("poor", 1)], tone.Select(v => v.Value));

        var facts = all.Single(s => s.Name == "facts").Values;
        Assert.Equal([(0L, 0), (0, 1), (1, 0)], facts.Select(v => (v.RowIndex, v.Trial)));
        Assert.Equal([ScoreValue.Of(0.5), ScoreValue.Nan, ScoreValue.Of(1)], facts.Select(v => v.Value));
    }

    [Fact]
    public async Task AKeySelectsAMetricAScoreOrABareScoreName()
    {
        var (result, _) = await ImportAsync();
        Assert.Equal(["tone", "facts"], (await ReadAsync(result.Id, "judge", null)).Select(s => s.Name));
        Assert.Equal(["facts"], (await ReadAsync(result.Id, "judge", "facts")).Select(s => s.Name));
        // A score name alone, when no metric has that name.
        Assert.Equal(["judge:tone"], (await ReadAsync(result.Id, "tone", null)).Select(s => $"{s.Metric}:{s.Name}"));
        Assert.Empty(await ReadAsync(result.Id, "colour", null));
        Assert.Empty(await ReadAsync(result.Id, "judge", "colour"));
    }

    [Fact]
    public async Task AbsentDeletedOrForeignResultsAreNotFound()
    {
        var (result, _) = await ImportAsync();
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => ReadAsync(Guid.NewGuid(), null, null))).Status);
        var foreign = await Assert.ThrowsAsync<EvalstoreException>(async () =>
        {
            await foreach (var _ in Store.ReadScoreItemsAsync("team-b", result.Id, null, null))
            {
            }
        });
        Assert.Equal(404, foreign.Status);
        await Store.DeleteResultAsync(Ws, result.Id);
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => ReadAsync(result.Id, null, null))).Status);
    }
}
