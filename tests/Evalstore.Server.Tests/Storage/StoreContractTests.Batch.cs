using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>Batch import: many results in one transaction, each exactly as a single import makes it, or none at all.</summary>
public abstract partial class StoreContractTests
{
    private static async IAsyncEnumerable<ResultImport> Batch(int count, string prefix, int? duplicateRowAt = null)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new ResultImport(new RunSpec { Name = $"{prefix}-{i:D3}", Model = $"m{i % 4}", Dataset = "d" },
                Rows.Parse(SmallResult(i, duplicateRowAt == i)));
        }
    }

    [Fact]
    public async Task BatchImport_CreatesEveryResultCompleted_InBatchOrder_AsSingleImportsWould()
    {
        var single = await Store.ImportResultAsync(Ws, new RunSpec { Name = "single", Model = "m1", Dataset = "d" },
            Rows.Parse(SmallResult(1, false)));

        var imported = await Store.ImportResultsAsync(Ws, Batch(60, "batch"));

        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"batch-{i:D3}"), imported.Select(r => r.Name));
        Assert.All(imported, r => Assert.Equal((ResultStatus.Completed, 20L), (r.Status, r.RowCount)));
        var twin = imported[1];
        Assert.Equal(single.Scores.Single().Mean, twin.Scores.Single().Mean);
        Assert.Equal(single.Scores.Single().CiLow, twin.Scores.Single().CiLow);
        Assert.Equal(single.Scores.Single().Count, twin.Scores.Single().Count);
        var stored = await Store.GetResultAsync(Ws, "batch-059");
        Assert.Equal((imported[59].Id, ResultStatus.Completed, 20L), (stored!.Id, stored.Status, stored.RowCount));
        var rows = new List<RowRecord>();
        await foreach (var row in Store.ReadRowsAsync(Ws, imported[7].Id, new RowQuery()))
        {
            rows.Add(row);
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), rows.Select(r => r.RowIndex));
        var listed = await Store.ListResultsAsync(Ws, new ResultQuery
        {
            Filter = new FieldFilter("name", FilterOperator.Like, ["batch-"]), PageSize = 100,
        });
        Assert.Equal(60, listed.Data.Count);
    }

    [Fact]
    public async Task BatchImport_ABadResultAnywhere_LeavesNoResultOfTheBatch()
    {
        var duplicateRow = await Assert.ThrowsAsync<EvalstoreException>(() => Store.ImportResultsAsync(Ws, Batch(12, "bad", 9)));
        Assert.Equal(409, duplicateRow.Status);

        await Store.ImportResultAsync(Ws, new RunSpec { Name = "taken-005" }, Rows.Parse(SmallResult(0, false)));
        var takenName = await Assert.ThrowsAsync<EvalstoreException>(() => Store.ImportResultsAsync(Ws, Batch(12, "taken")));
        Assert.Equal(409, takenName.Status);

        var left = await Store.ListResultsAsync(Ws, new ResultQuery { PageSize = 100 });
        Assert.Equal(["taken-005"], left.Data.Select(r => r.Name));
        // The store is whole afterwards: the same batch, corrected, goes in.
        Assert.Equal(12, (await Store.ImportResultsAsync(Ws, Batch(12, "bad"))).Count);
    }
}
