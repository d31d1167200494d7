using Evalstore.Core.Filtering;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

// The maintained summary "latest completed result per (workspace, model, dataset|benchmark)" that leaderboards read:
// right after completes, failures, deletes and prunes, the same as the window over every result, and rebuilt by the
// migration from results stored before it.
public abstract partial class ScaleContractTests
{
    private async Task<List<string>> SummaryAsync(LatestScope scope, string value, string workspace = Ws) =>
        (await Store.LatestCompletedPerModelAsync(workspace, scope, value)).Select(r => r.Name).ToList();

    private async Task<List<string>> WindowAsync(string field, string value, string workspace = Ws) =>
        (await Store.LatestPerModelAsync(workspace, new AndFilter([
            new FieldFilter("status", FilterOperator.Eq, ["completed"]), new FieldFilter(field, FilterOperator.Eq, [value])])))
        .Select(r => r.Name).ToList();

    [Fact]
    public async Task LatestSummary_FollowsCompletesFailuresDeletesAndPrunes()
    {
        var a1 = await ImportAsync("a1", "a", "d", benchmark: "bench");
        var a2 = await ImportAsync("a2", "a", "d", benchmark: "bench");
        var b1 = await ImportAsync("b1", "b", "d");
        await ImportAsync("b-other-dataset", "b", "e");
        await ImportAsync("elsewhere", "a", "d", workspace: "team-b");
        var noModel = await ImportAsync("no-model", null, "d");
        var emptyModel = await ImportAsync("empty-model", "", "d");
        Assert.Equal(["empty-model", "no-model", "b1", "a2"], await SummaryAsync(LatestScope.Dataset, "d"));
        Assert.Equal(["a2"], await SummaryAsync(LatestScope.Benchmark, "bench"));
        Assert.Equal(["elsewhere"], await SummaryAsync(LatestScope.Dataset, "d", "team-b"));

        // A failed result (newer than a2) and a running one never become latest.
        await FailedAsync("a3-failed", "a", "d");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var running = await Store.CreateResultAsync(Ws, new RunSpec { Name = "a4-running", Model = "a", Dataset = "d" });
        Assert.Equal(["empty-model", "no-model", "b1", "a2"], await SummaryAsync(LatestScope.Dataset, "d"));
        // Completing the running result (created last) makes it a's latest.
        await Store.AppendRowsAsync(Ws, running.Id, Rows.Parse([Line(0, 1)]));
        await Store.CompleteResultAsync(Ws, running.Id);
        Assert.Equal(["a4-running", "empty-model", "no-model", "b1"], await SummaryAsync(LatestScope.Dataset, "d"));

        // A deleted latest result makes the previous one the latest again; deleting a result that is not latest changes nothing.
        Assert.True(await Store.DeleteResultAsync(Ws, running.Id));
        Assert.Equal(["empty-model", "no-model", "b1", "a2"], await SummaryAsync(LatestScope.Dataset, "d"));
        Assert.True(await Store.DeleteResultAsync(Ws, a1.Id));
        Assert.Equal(["a2"], await SummaryAsync(LatestScope.Benchmark, "bench"));
        Assert.True(await Store.DeleteResultAsync(Ws, a2.Id));
        Assert.Equal(["empty-model", "no-model", "b1"], await SummaryAsync(LatestScope.Dataset, "d"));
        Assert.Empty(await SummaryAsync(LatestScope.Benchmark, "bench"));
        Assert.Equal(["elsewhere"], await SummaryAsync(LatestScope.Dataset, "d", "team-b"));

        // Pruning everything up to b1 (no group kept) removes b1's group; the newer no-model results stay.
        await Store.PruneAsync(Ws, new PruneRequest { Before = noModel.CreatedAt });
        Assert.Equal(["empty-model", "no-model"], await SummaryAsync(LatestScope.Dataset, "d"));
        Assert.Empty(await SummaryAsync(LatestScope.Dataset, "e"));
        Assert.Equal(emptyModel.Id, (await Store.LatestCompletedPerModelAsync(Ws, LatestScope.Dataset, "d"))[0].Id);
        Assert.Null(await Store.GetResultAsync(Ws, b1.Id.ToString()));
    }

    [Fact]
    public async Task LatestSummary_FollowsABatchImport_AndAFailedBatchLeavesItAsItWas()
    {
        await ImportAsync("a1", "a", "d");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var batch = new[] { ("a2", "a"), ("b1", "b"), ("c1", "c") }.Select(r => new ResultImport(
            new RunSpec { Name = r.Item1, Model = r.Item2, Dataset = "d" }, Rows.Parse([Line(0, 1), Line(1, 0)]))).ToAsyncEnumerable();
        await Store.ImportResultsAsync(Ws, batch);
        Assert.Equal(["a2", "b1", "c1"], (await SummaryAsync(LatestScope.Dataset, "d")).Order());
        Assert.Equal((await WindowAsync("dataset", "d")).Order(), (await SummaryAsync(LatestScope.Dataset, "d")).Order());

        var failing = new[] { "a3", "b1" }.Select(name => new ResultImport(
            new RunSpec { Name = name, Model = "a", Dataset = "d" }, Rows.Parse([Line(0, 1)]))).ToAsyncEnumerable();
        await Assert.ThrowsAsync<Core.EvalstoreException>(() => Store.ImportResultsAsync(Ws, failing));   // b1 is taken
        Assert.Equal(["a2", "b1", "c1"], (await SummaryAsync(LatestScope.Dataset, "d")).Order());
        Assert.Empty(await IntegrityProblemsAsync());
    }

    [Fact]
    public async Task LatestSummary_AfterRandomWrites_EqualsTheWindowOverEveryResult()
    {
        var random = new Random(15);
        var live = new List<ResultInfo>();
        string[] models = ["m0", "m1", "m2"];
        string[] datasets = ["d0", "d1"];
        for (var step = 0; step < 60; step++)
        {
            var model = models[random.Next(models.Length)];
            var dataset = datasets[random.Next(datasets.Length)];
            switch (random.Next(10))
            {
                case < 5:
                    live.Add(await ImportAsync($"r{step}", model, dataset, benchmark: "b-" + dataset));
                    break;
                case < 7:
                    await FailedAsync($"f{step}", model, dataset);
                    break;
                case < 9 when live.Count > 0:
                    var victim = live[random.Next(live.Count)];
                    live.Remove(victim);
                    Assert.True(await Store.DeleteResultAsync(Ws, victim.Id));
                    break;
                default:
                    // Prune the oldest few, sometimes keeping the latest per model and dataset.
                    string[] keep = random.Next(2) == 0 ? ["model", "dataset"] : [];
                    var cutoff = Clock.GetUtcNow() - TimeSpan.FromMinutes(random.Next(5, 30));
                    await Store.PruneAsync(Ws, new PruneRequest { Before = cutoff, KeepLatestPer = keep });
                    var survivors = new List<ResultInfo>();
                    foreach (var result in live)
                    {
                        if (await Store.GetResultAsync(Ws, result.Id.ToString()) is not null)
                        {
                            survivors.Add(result);
                        }
                    }
                    live = survivors;
                    break;
            }
            foreach (var dataset2 in datasets)
            {
                Assert.Equal(await WindowAsync("dataset", dataset2), await SummaryAsync(LatestScope.Dataset, dataset2));
                Assert.Equal(await WindowAsync("benchmark", "b-" + dataset2), await SummaryAsync(LatestScope.Benchmark, "b-" + dataset2));
            }
        }
        Assert.NotEmpty(await SummaryAsync(LatestScope.Dataset, "d0"));
        Assert.Empty(await IntegrityProblemsAsync());
    }

    [Fact]
    public async Task IntegrityCheck_FindsASummaryRowThatIsNotTheLatest()
    {
        await ImportAsync("a1", "a", "d");
        await ImportAsync("a2", "a", "d");
        Assert.Empty(await IntegrityProblemsAsync());

        // As if a write had completed without updating the summary: it still names a1.
        await ExecuteRawAsync("UPDATE latest_results SET result_key = result_key - 1");
        var problem = Assert.Single(await IntegrityProblemsAsync());
        Assert.StartsWith("leaderboard summary of dataset 'd' (model key 'ma') in workspace 'team-a'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatestSummary_IsRebuiltByItsMigrationFromStoredResults()
    {
        await ImportAsync("a1", "a", "d", benchmark: "bench");
        var a2 = await ImportAsync("a2", "a", "d", benchmark: "bench");
        await ImportAsync("b1", "b", "d");
        await ImportAsync("no-model", null, "d");
        await FailedAsync("a3-failed", "a", "d");
        Assert.True(await Store.DeleteResultAsync(Ws, a2.Id));
        var expected = await WindowAsync("dataset", "d");

        // As a database from before the summary: no table, migration not applied; opening the store applies it.
        await ReopenAfterAsync("DROP TABLE latest_results; DELETE FROM schema_migrations WHERE name LIKE '%_latest_results.sql'");
        Assert.Equal(["no-model", "b1", "a1"], expected);
        Assert.Equal(expected, await SummaryAsync(LatestScope.Dataset, "d"));
        Assert.Equal(["a1"], await SummaryAsync(LatestScope.Benchmark, "bench"));
    }
}
