using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// PostgreSQL ingest across chunk boundaries (chunks of 3 rows here, 50 000 in production): a batch streams into COPY
/// chunk by chunk, and every error must still name the first offending line, as SQLite's row-at-a-time inserts do.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIngestTests(PostgresDatabase database) : IAsyncLifetime
{
    private const string Ws = "chunks";
    private PostgresStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        if (PostgresAvailability.SkipReason is null)
        {
            _store = await database.OpenStoreAsync();
            _store.IngestChunkRows = 3;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static IEnumerable<string> Lines(IEnumerable<int> indexes, int trial = 0) =>
        indexes.Select(i => Rows.Synthetic(i, i % 7 / 7.0, i % 2 == 0, trial));

    [PostgresFact]
    public async Task ManyChunks_StoreEveryRowScoreAndItemOnce()
    {
        var result = await _store.ImportResultAsync(Ws, new RunSpec { Name = "many" },
            Rows.Parse(Lines(Enumerable.Range(0, 20)).Concat(Lines(Enumerable.Range(0, 20), trial: 1))));
        Assert.Equal((40L, 20L, 2), (result.RowCount, result.ItemCount, result.MaxTrials));
        Assert.All(result.Scores, s => Assert.Equal(40, s.Count));
        var rows = new List<RowRecord>();
        await foreach (var row in _store.ReadRowsAsync(Ws, result.Id, new RowQuery()))
        {
            rows.Add(row);
        }
        Assert.Equal(Enumerable.Range(0, 20).SelectMany(i => new[] { (i, 0), (i, 1) }), rows.Select(r => ((int)r.RowIndex, r.Trial)));
        Assert.Contains("\"input\": \"question 13\"", rows[26].ToString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ConcurrentAppends_BeyondThePoolSize_AllComplete()
    {
        // Each append holds a pooled connection while it takes a second for its items; with two connections per pool,
        // six appends at once would starve a single shared pool.
        await using var small = await PostgresStore.OpenAsync(await database.NewSchemaAsync() + ";Maximum Pool Size=2;Timeout=10");
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => small.CreateResultAsync(Ws, new RunSpec { Name = $"pool-{i}" })));
        var outcomes = await Task.WhenAll(
            runs.Select((run, i) => small.AppendRowsAsync(Ws, run.Id, Rows.Parse(Lines(Enumerable.Range(i * 100, 20))))));
        Assert.All(outcomes, o => Assert.Equal(20, o.TotalRows));
    }

    [PostgresFact]
    public async Task RepeatAcrossChunks_NamesTheRepeatingLine()
    {
        var run = await _store.CreateResultAsync(Ws, new RunSpec { Name = "repeat" });
        var error = await Assert.ThrowsAsync<EvalstoreException>(
            () => _store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Lines([0, 1, 2, 3, 4, 5, 6, 1, 8]))));
        Assert.Equal(409, error.Status);
        Assert.Contains("line 8: row_index 1 trial 0", error.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await _store.GetResultAsync(Ws, "repeat"))!.RowCount);
    }

    [PostgresFact]
    public async Task StoredRowRepeatedInALaterChunk_NamesThatLine_BeforeALaterRepeatWithinTheBatch()
    {
        var run = await _store.CreateResultAsync(Ws, new RunSpec { Name = "stored" });
        await _store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Lines(Enumerable.Range(0, 10))));
        // Lines 1-3 are new (trial 1), line 5 repeats stored row 4, line 6 repeats line 1 of this batch.
        string[] batch = [.. Lines([0, 1, 2], trial: 1), .. Lines([20]), .. Lines([4]), .. Lines([0], trial: 1)];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => _store.AppendRowsAsync(Ws, run.Id, Rows.Parse(batch)));
        Assert.Equal(409, error.Status);
        Assert.Contains("line 5: row_index 4 trial 0", error.Detail, StringComparison.Ordinal);
        Assert.Equal(10, (await _store.GetResultAsync(Ws, "stored"))!.RowCount);
        // Without the stored repeat, the repeat within the batch is the one named.
        string[] second = [.. Lines([0, 1, 2], trial: 1), .. Lines([20, 21]), .. Lines([0], trial: 1)];
        var within = await Assert.ThrowsAsync<EvalstoreException>(() => _store.AppendRowsAsync(Ws, run.Id, Rows.Parse(second)));
        Assert.Contains("line 6: row_index 0 trial 1", within.Detail, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task BadLineInALaterChunk_RollsBackTheChunksBefore_ButKeepsSharedItemsHarmless()
    {
        var run = await _store.CreateResultAsync(Ws, new RunSpec { Name = "bad-late" });
        string[] batch = [
            .. Lines(Enumerable.Range(0, 7)), """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": Infinity}]}}"""];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => _store.AppendRowsAsync(Ws, run.Id, Rows.Parse(batch)));
        Assert.Contains("line 8", error.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await _store.GetResultAsync(Ws, "bad-late"))!.RowCount);
        // The same rows then go in whole, and read back with their items.
        await _store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Lines(Enumerable.Range(0, 7))));
        var done = await _store.CompleteResultAsync(Ws, run.Id);
        Assert.Equal(7, done.RowCount);
        await foreach (var row in _store.ReadRowsAsync(Ws, run.Id, new RowQuery { FromRow = 6 }))
        {
            Assert.Contains("\"input\": \"question 6\"", row.ToString(), StringComparison.Ordinal);
        }
    }
}
