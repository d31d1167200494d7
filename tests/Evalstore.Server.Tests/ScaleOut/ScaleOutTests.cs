using Evalstore.Client;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.ScaleOut;

/// <summary>
/// Two server processes on one PostgreSQL database, as behind a load balancer: what one instance writes, the other
/// sees; results, names and idempotency keys stay consistent when both instances race.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(TwoInstances instances) : IClassFixture<TwoInstances>, IAsyncLifetime
{
    private const string Ws = "scale";
    private EvalstoreClient _a = null!;
    private EvalstoreClient _b = null!;

    public ValueTask InitializeAsync()
    {
        if (instances.A is not null)
        {
            (_a, _b) = (instances.A.Client(), instances.B.Client());
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }
    }

    private static IEnumerable<string> Batch(int batch, int size, bool withIndex = true) =>
        Enumerable.Range(batch * size, size).Select(i =>
        {
            var line = Rows.Synthetic(i, i % 10 / 10.0, i % 3 == 0);
            return withIndex ? line : line.Replace($"\"row_index\": {i}, ", "", StringComparison.Ordinal);
        });

    [PostgresFact]
    public async Task EachInstanceIngests_WhileTheOtherReads_AndCompletionIsVisibleOnBoth()
    {
        const int batches = 8;
        const int size = 250;
        var fromA = await _a.CreateResultAsync(Ws, new RunSpec { Name = "from-a" });
        var fromB = await _b.CreateResultAsync(Ws, new RunSpec { Name = "from-b" });
        var writing = true;

        async Task Write(EvalstoreClient client, ResultInfo result)
        {
            for (var i = 0; i < batches; i++)
            {
                await client.AppendRowsAsync(Ws, result.Id, Rows.Parse(Batch(i, size)));
            }
        }

        // The other instance sees each batch whole or not at all, and never loses one it has seen.
        async Task<int> Watch(EvalstoreClient client, ResultInfo result)
        {
            long seen = 0;
            var reads = 0;
            while (Volatile.Read(ref writing) || reads == 0)
            {
                var count = (await client.GetResultAsync(Ws, result.Id.ToString()))!.RowCount;
                var rows = 0L;
                await foreach (var _ in client.ReadRowsAsync(Ws, result.Id, new RowQuery()))
                {
                    rows++;
                }
                Assert.True(count >= seen, $"row count went back from {seen} to {count}");
                Assert.Equal(0, count % size);
                Assert.Equal(0, rows % size);
                Assert.True(rows >= count, $"read {rows} rows after the count said {count}");
                seen = count;
                reads++;
            }
            return reads;
        }

        var watchers = new[] { Watch(_b, fromA), Watch(_a, fromB) };
        await Task.WhenAll(Write(_a, fromA), Write(_b, fromB));
        Volatile.Write(ref writing, false);
        Assert.All(await Task.WhenAll(watchers), reads => Assert.True(reads > 0));

        var completedOnA = await _a.CompleteResultAsync(Ws, fromA.Id);
        var seenOnB = (await _b.GetResultAsync(Ws, "from-a"))!;
        Assert.Equal(ResultStatus.Completed, seenOnB.Status);
        Assert.Equal(batches * size, seenOnB.RowCount);
        Assert.Equal(completedOnA.Scores.Select(s => (s.Metric, s.Mean, s.Count)), seenOnB.Scores.Select(s => (s.Metric, s.Mean, s.Count)));
        Assert.Equal(
            409, (await Assert.ThrowsAsync<EvalstoreException>(() => _b.AppendRowsAsync(Ws, fromA.Id, Rows.Parse(Batch(99, 1))))).Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<EvalstoreException>(() => _b.CompleteResultAsync(Ws, fromA.Id))).Status);

        await _b.CompleteResultAsync(Ws, fromB.Id);
        var exportA = await ReadAllAsync(_a, fromB.Id);
        var exportB = await ReadAllAsync(_b, fromB.Id);
        Assert.Equal(batches * size, exportA.Count);
        Assert.Equal(exportA.Select(r => r.ToString()), exportB.Select(r => r.ToString()));
    }

    [PostgresFact]
    public async Task ConcurrentAppendsToOneResult_FromBothInstances_GetDisjointRowIndexes()
    {
        var result = await _a.CreateResultAsync(Ws, new RunSpec { Name = "shared" });
        async Task<List<AppendOutcome>> Append(EvalstoreClient client, int first)
        {
            var outcomes = new List<AppendOutcome>();
            for (var i = 0; i < 6; i++)
            {
                outcomes.Add(await client.AppendRowsAsync(Ws, result.Id, Rows.Parse(Batch(first + i, 100, withIndex: false))));
            }
            return outcomes;
        }
        var outcomes = (await Task.WhenAll(Append(_a, 0), Append(_b, 100))).SelectMany(o => o).ToList();
        var ranges = outcomes.Select(o => (o.FirstRowIndex!.Value, o.LastRowIndex!.Value)).OrderBy(r => r.Item1).ToList();
        Assert.All(ranges, r => Assert.Equal(99, r.Item2 - r.Item1));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i * 100), ranges.Select(r => r.Item1));
        Assert.Equal(1200, (await _b.GetResultAsync(Ws, "shared"))!.RowCount);
        var indexes = (await ReadAllAsync(_b, result.Id)).Select(r => r.RowIndex);
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => (long)i), indexes);
    }

    [PostgresFact]
    public async Task IdempotencyKey_RacedOnBothInstances_StoresTheBatchOnce()
    {
        var result = await _a.CreateResultAsync(Ws, new RunSpec { Name = "idempotent" });
        var lines = Batch(0, 50, withIndex: false).ToList();
        var first = _a.AppendRowsAsync(Ws, result.Id, Rows.Parse(lines), "batch-1");
        var second = _b.AppendRowsAsync(Ws, result.Id, Rows.Parse(lines), "batch-1");
        var outcomes = await Task.WhenAll(first, second);
        Assert.Single(outcomes, o => o.Replayed);
        Assert.All(outcomes, o
            => Assert.Equal((50L, 50L, 0L, 49L), (o.RowsAccepted, o.TotalRows, o.FirstRowIndex!.Value, o.LastRowIndex!.Value)));
        var retry = await _b.AppendRowsAsync(Ws, result.Id, Rows.Parse(lines), "batch-1");
        Assert.True(retry.Replayed);
        Assert.Equal(50, (await _a.GetResultAsync(Ws, "idempotent"))!.RowCount);
    }

    [PostgresFact]
    public async Task NameConflict_RacedFromBothInstances_LeavesExactlyOneResult()
    {
        for (var i = 0; i < 10; i++)
        {
            var name = $"race-{i}";
            var attempts = await Task.WhenAll(
                Attempt(() => _a.CreateResultAsync(Ws, new RunSpec { Name = name, Model = "a" })),
                Attempt(() => _b.CreateResultAsync(Ws, new RunSpec { Name = name, Model = "b" })));
            Assert.Single(attempts, a => a is null);
            Assert.Single(attempts, a => a == 409);
        }
        var listed = await _b.ListResultsAsync(
            Ws, new ResultQuery { Filter = Core.Filtering.FilterParser.Parse("""{"name": {"$like": "race-"}}"""), PageSize = 100 });
        Assert.Equal(10, listed.TotalResults);
        Assert.Equal(10, listed.Data.Select(r => r.Name).Distinct().Count());
    }

    [PostgresFact]
    public async Task DeleteOnOneInstance_HidesTheResultOnBoth()
    {
        var result = await _a.ImportResultAsync(Ws, new RunSpec { Name = "doomed" }, Rows.Parse(Rows.Seed004));
        Assert.NotNull(await _b.GetResultAsync(Ws, "doomed"));
        Assert.True(await _b.DeleteResultAsync(Ws, result.Id));
        Assert.Null(await _a.GetResultAsync(Ws, "doomed"));
        Assert.Null(await _a.GetResultAsync(Ws, result.Id.ToString()));
        Assert.DoesNotContain((await _a.ListResultsAsync(Ws, new ResultQuery { PageSize = 1000 })).Data, r => r.Id == result.Id);
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => ReadAllAsync(_a, result.Id))).Status);
        Assert.False(await _a.DeleteResultAsync(Ws, result.Id));
        var again = await _a.ImportResultAsync(Ws, new RunSpec { Name = "doomed" }, Rows.Parse(Rows.Seed004));
        Assert.Equal(again.Id, (await _b.GetResultAsync(Ws, "doomed"))!.Id);
    }

    private static async Task<int?> Attempt(Func<Task> create)
    {
        try
        {
            await create();
            return null;
        }
        catch (EvalstoreException e)
        {
            return e.Status;
        }
    }

    private static async Task<List<RowRecord>> ReadAllAsync(IEvalStore store, Guid id)
    {
        var rows = new List<RowRecord>();
        await foreach (var row in store.ReadRowsAsync(Ws, id, new RowQuery()))
        {
            rows.Add(row);
        }
        return rows;
    }
}
