using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// Many writers at once: SQLite commits the writes that queue behind one another together (one savepoint each), so a
/// failing or abandoned write in the middle of such a group must be undone alone while its neighbours are kept whole.
/// </summary>
public abstract partial class StoreContractTests
{
    private static IEnumerable<string> SmallResult(int seed, bool duplicateRow) => Enumerable.Range(0, 20).Select(i =>
        "{\"row_index\": " + (duplicateRow && i == 19 ? 3 : i) + ", \"item\": {\"input\": \"q" + i + "\"}, \"sample\": {}, "
        + "\"metrics\": {\"acc\": [{\"name\": \"acc\", \"value\": " + ((i + seed) % 2) + "}]}}");

    [Fact]
    public async Task ConcurrentImports_AFailingOneInTheMiddleIsUndoneAloneAndTheOthersAreWhole()
    {
        var imports = Enumerable.Range(0, 24).Select(async i =>
        {
            var spec = new RunSpec { Name = $"small-{i:D2}", Model = $"m{i % 4}" };
            try
            {
                return (i, Error: (int?)null, Result: await Store.ImportResultAsync(Ws, spec, Rows.Parse(SmallResult(i, i % 3 == 1))));
            }
            catch (EvalstoreException e)
            {
                return (i, Error: (int?)e.Status, Result: (ResultInfo?)null);
            }
        }).ToList();
        var outcomes = await Task.WhenAll(imports);

        foreach (var (i, error, result) in outcomes)
        {
            var stored = await Store.GetResultAsync(Ws, $"small-{i:D2}");
            if (i % 3 == 1)
            {
                Assert.Equal(409, error);
                Assert.Null(stored);
            }
            else
            {
                Assert.Null(error);
                Assert.Equal(20, result!.RowCount);
                Assert.Equal(ResultStatus.Completed, stored!.Status);
                Assert.Equal(20, stored.RowCount);
                Assert.Equal(10, stored.Scores.Single(s => s.Name == "acc").Sum);
            }
        }
    }

    [Fact]
    public async Task ConcurrentImports_OneCancelledBeforeItRunsLeavesNothingAndTheOthersAreStored()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var kept = Enumerable.Range(0, 6).Select(i =>
            Store.ImportResultAsync(Ws, new RunSpec { Name = $"kept-{i}" }, Rows.Parse(SmallResult(i, false)))).ToList();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.ImportResultAsync(Ws, new RunSpec { Name = "abandoned" }, Rows.Parse(SmallResult(0, false)), cancelled.Token));
        await Task.WhenAll(kept);
        Assert.Null(await Store.GetResultAsync(Ws, "abandoned"));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(20, (await Store.GetResultAsync(Ws, $"kept-{i}"))!.RowCount);
        }
    }
}
