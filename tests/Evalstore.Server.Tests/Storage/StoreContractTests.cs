using System.Text.Json.Nodes;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// The behaviour every store must have, run against each implementation (SQLite directly, the HTTP client through
/// a real server, PostgreSQL): one sealed subclass per store, as Dapper runs one suite per provider.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private IEvalStore? _store;

    protected IEvalStore Store => _store ?? throw new InvalidOperationException("store not opened");

    protected const string Ws = "team-a";

    protected abstract Task<IEvalStore> OpenStoreAsync();

    protected virtual Task CloseStoreAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        await CloseStoreAsync();
    }

    private async Task<ResultInfo> ImportAsync(string name, IEnumerable<string> lines, string? model = null, string workspace = Ws,
        StarMetric? star = null, IReadOnlyList<MetricDeclaration>? declarations = null)
    {
        var spec = new RunSpec { Name = name, Model = model, StarMetric = star, Metrics = declarations };
        return await Store.ImportResultAsync(workspace, spec, Rows.Parse(lines, declarations));
    }

    [Fact]
    public async Task Create_ReturnsRunningResultWithDefaults()
    {
        var created = await Store.CreateResultAsync(
            Ws, new RunSpec { Name = "run-1", Model = "m", Labels = new Dictionary<string, string> { ["team"] = "x" } });
        Assert.Equal(ResultStatus.Running, created.Status);
        Assert.Equal(ResultKind.Metric, created.Kind);
        Assert.Equal("default", created.Project);
        Assert.Equal("x", created.Labels["team"]);
        var read = await Store.GetResultAsync(Ws, created.Id.ToString());
        Assert.NotNull(read);
        Assert.Equal("run-1", read.Name);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.Id, (await Store.GetResultAsync(Ws, "run-1"))!.Id);
    }

    [Fact]
    public async Task Create_DuplicateName_IsConflictAndLeavesOneResult()
    {
        await Store.CreateResultAsync(Ws, new RunSpec { Name = "dup", Model = "first" });
        var error = await Assert.ThrowsAsync<EvalstoreException>(
            () => Store.CreateResultAsync(Ws, new RunSpec { Name = "dup", Model = "second" }));
        Assert.Equal(409, error.Status);
        var page = await Store.ListResultsAsync(Ws, new ResultQuery());
        Assert.Equal("first", Assert.Single(page.Data).Model);
        // The same name in another workspace is a different result.
        await Store.CreateResultAsync("team-b", new RunSpec { Name = "dup" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("has/slash")]
    [InlineData(" padded")]
    public async Task Create_InvalidName_IsBadRequest(string name)
    {
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.CreateResultAsync(Ws, new RunSpec { Name = name }));
        Assert.Equal(400, error.Status);
        Assert.Empty((await Store.ListResultsAsync(Ws, new ResultQuery())).Data);
    }

    [Fact]
    public async Task Complete_ComputesSeed004Aggregates()
    {
        var run = await Store.CreateResultAsync(
            Ws, new RunSpec { Name = "seed004", StarMetric = new StarMetric { Metric = "exact-match", Threshold = 0.5 } });
        var outcome = await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Rows.Seed004));
        Assert.Equal(5, outcome.RowsAccepted);
        var done = await Store.CompleteResultAsync(Ws, run.Id);
        Assert.Equal(ResultStatus.Completed, done.Status);
        Assert.True(done.PassStatus);
        Assert.Equal(5, done.RowCount);
        Assert.Equal(5, done.ItemCount);
        var exact = done.Scores.Single(s => s.Metric == "exact-match");
        var check = done.Scores.Single(s => s.Metric == "string-check");
        Assert.Equal(0.6, exact.Mean!.Value, 9);
        Assert.Equal(0.489898, exact.StdDev!.Value, 6);
        Assert.Equal(0.8, check.Mean!.Value, 9);
        Assert.Equal(0.4, check.StdDev!.Value, 9);
        Assert.Equal(5, exact.Count);
        // Stored, not recomputed: a fresh read returns the same aggregates.
        var reread = await Store.GetResultAsync(Ws, "seed004");
        Assert.Equal(0.6, reread!.Scores.Single(s => s.Metric == "exact-match").Mean!.Value, 9);
        Assert.NotNull(reread.FinishedAt);
    }

    [Fact]
    public async Task Append_WithIdempotencyKey_StoresOnceAndReplaysTheFirstOutcome()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "idem" });
        var first = await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Rows.Seed004), "batch-1");
        var retry = await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Rows.Seed004), "batch-1");
        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.RowsAccepted, retry.RowsAccepted);
        Assert.Equal(first.TotalRows, retry.TotalRows);
        Assert.Equal(5, (await Store.GetResultAsync(Ws, "idem"))!.RowCount);
        // Completed results still answer a retried batch with its first outcome.
        await Store.CompleteResultAsync(Ws, run.Id);
        Assert.True((await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Rows.Seed004), "batch-1")).Replayed);
    }

    [Fact]
    public async Task Append_MalformedLine_RejectsTheWholeBatchAndStoresNothing()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "bad-batch" });
        string[] lines = [
            Rows.Seed004[0], Rows.Seed004[1], """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": Infinity}]}}"""];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(lines)));
        Assert.Equal(400, error.Status);
        Assert.Contains("line 3", error.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetResultAsync(Ws, "bad-batch"))!.RowCount);
        await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Rows.Seed004));
        var done = await Store.CompleteResultAsync(Ws, run.Id);
        Assert.Equal(5, done.RowCount);
    }

    [Fact]
    public async Task Append_DuplicateRowAndTrial_IsConflictAndRollsBackTheBatch()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "dup-rows" });
        await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse([Rows.Synthetic(0, 0.5, true)]));
        var error = await Assert.ThrowsAsync<EvalstoreException>(() =>
            Store.AppendRowsAsync(Ws, run.Id, Rows.Parse([Rows.Synthetic(1, 0.5, true), Rows.Synthetic(0, 0.7, false)])));
        Assert.Equal(409, error.Status);
        Assert.Equal(1, (await Store.GetResultAsync(Ws, "dup-rows"))!.RowCount);
    }

    [Fact]
    public async Task Append_PositionRepeatedWithinTheBatch_IsConflictNamingTheRepeat()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "dup-in-batch" });
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, run.Id,
            Rows.Parse([Rows.Synthetic(0, 0.1, true), Rows.Synthetic(1, 0.2, true), Rows.Synthetic(0, 0.3, false)])));
        Assert.Equal(409, error.Status);
        Assert.Contains("line 3: row_index 0 trial 0", error.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetResultAsync(Ws, "dup-in-batch"))!.RowCount);
    }

    [Fact]
    public async Task Append_ScoreTwiceInOneRow_IsBadRequestNamingTheLine()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "dup-score" });
        string[] lines =
        [
            Rows.Synthetic(0, 0.5, true),
            """{"item": {"q": 1}, "sample": {}, "metrics": {"m": [{"name": "x", "value": 1.0}, {"name": "x", "value": 2.0}]}}""",
        ];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(lines)));
        Assert.Equal(400, error.Status);
        Assert.Contains("line 2: score 'm:x' appears twice", error.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.GetResultAsync(Ws, "dup-score"))!.RowCount);
    }

    [Fact]
    public async Task Append_LaterTrialsOfStoredRows_AreAddedToTheSameItems()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "trials-later" });
        await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse(Enumerable.Range(0, 4).Select(i => Rows.Synthetic(i, 0.25 * i, true))));
        var second = await Store.AppendRowsAsync(
            Ws, run.Id, Rows.Parse(Enumerable.Range(0, 4).Select(i => Rows.Synthetic(i, 1.0, false, trial: 1))));
        Assert.Equal((4L, 8L, 0L, 3L), (second.RowsAccepted, second.TotalRows, second.FirstRowIndex!.Value, second.LastRowIndex!.Value));
        var done = await Store.CompleteResultAsync(Ws, run.Id);
        Assert.Equal((8L, 4L, 2), (done.RowCount, done.ItemCount, done.MaxTrials));
        var accuracy = done.Scores.Single(s => s.Metric == "accuracy");
        Assert.Equal(8, accuracy.Count);
        Assert.Equal(4, accuracy.ItemCount);
        // A row without row_index goes after the highest index stored.
        var rows = await ToListAsync(Store.ReadRowsAsync(Ws, run.Id, new RowQuery { Trial = 1 }));
        Assert.Equal([0L, 1, 2, 3], rows.Select(r => r.RowIndex));
    }

    [Fact]
    public async Task ItemCount_IsDistinctRowIndexesAcrossBatchesGapsAndTrials()
    {
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "items" });
        await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse([Rows.Synthetic(0, 0.1, true), Rows.Synthetic(5, 0.2, true)]));
        // Index 2 fills a gap (a new item); 0 and 5 gain trials (not new); 2 twice in the batch counts once.
        await Store.AppendRowsAsync(Ws, run.Id, Rows.Parse([Rows.Synthetic(2, 0.3, true), Rows.Synthetic(0, 0.4, true, trial: 1),
            Rows.Synthetic(2, 0.5, false, trial: 1), Rows.Synthetic(5, 0.6, true, trial: 2)]));
        Assert.Equal(0, (await Store.GetResultAsync(Ws, "items"))!.ItemCount);
        var done = await Store.CompleteResultAsync(Ws, run.Id);
        Assert.Equal((6L, 3L, 3), (done.RowCount, done.ItemCount, done.MaxTrials));
        Assert.Equal(3, (await Store.GetResultAsync(Ws, "items"))!.ItemCount);
    }

    [Fact]
    public async Task Append_AfterCompletionOrFailure_IsConflict()
    {
        var done = await ImportAsync("done", Rows.Seed004);
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, done.Id, Rows.Parse(Rows.Seed004)));
        Assert.Equal(409, error.Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.CompleteResultAsync(Ws, done.Id))).Status);

        var failed = await Store.CreateResultAsync(Ws, new RunSpec { Name = "failed" });
        var marked = await Store.FailResultAsync(Ws, failed.Id, "judge endpoint down");
        Assert.Equal(ResultStatus.Failed, marked.Status);
        Assert.Equal("judge endpoint down", (await Store.GetResultAsync(Ws, "failed"))!.ErrorDescription);
        Assert.Equal(409,
            (await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, failed.Id, Rows.Parse(Rows.Seed004)))).Status);
    }

    [Fact]
    public async Task UnknownResult_IsNotFound()
    {
        var missing = Guid.NewGuid();
        Assert.Null(await Store.GetResultAsync(Ws, missing.ToString()));
        Assert.Null(await Store.GetResultAsync(Ws, "no-such-name"));
        Assert.Equal(
            404, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, missing, Rows.Parse(Rows.Seed004)))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.CompleteResultAsync(Ws, missing))).Status);
        Assert.False(await Store.DeleteResultAsync(Ws, missing));
    }

    [Fact]
    public async Task Results_AreInvisibleFromAnotherWorkspace()
    {
        var result = await ImportAsync("private", Rows.Seed004);
        Assert.Null(await Store.GetResultAsync("team-b", result.Id.ToString()));
        Assert.Null(await Store.GetResultAsync("team-b", "private"));
        Assert.Empty((await Store.ListResultsAsync("team-b", new ResultQuery())).Data);
        Assert.False(await Store.DeleteResultAsync("team-b", result.Id));
        Assert.NotNull(await Store.GetResultAsync(Ws, "private"));
    }

    [Fact]
    public async Task List_FiltersSortsAndPages()
    {
        await ImportAsync("llama-small", Rows.Seed004, model: "meta/llama-3-8b");
        await ImportAsync("llama-large", Rows.Seed004, model: "meta/llama-3-70b");
        await ImportAsync("gpt", Rows.Seed004, model: "openai/gpt-4o");

        var byName = await Store.ListResultsAsync(Ws, new ResultQuery { Sort = "name" });
        Assert.Equal(["gpt", "llama-large", "llama-small"], byName.Data.Select(r => r.Name));
        var newestFirst = await Store.ListResultsAsync(Ws, new ResultQuery());
        Assert.Equal("gpt", newestFirst.Data[0].Name);

        var json = await Store.ListResultsAsync(
            Ws, new ResultQuery { Filter = FilterParser.Parse("""{"name": {"$like": "LLAMA"}}"""), Sort = "name" });
        Assert.Equal(["llama-large", "llama-small"], json.Data.Select(r => r.Name));
        var text = await Store.ListResultsAsync(
            Ws, new ResultQuery { Filter = FilterParser.Parse("model:\"openai/gpt-4o\" OR name~\"small\""), Sort = "name" });
        Assert.Equal(["gpt", "llama-small"], text.Data.Select(r => r.Name));
        var notIn = await Store.ListResultsAsync(
            Ws, new ResultQuery { Filter = FilterParser.Parse("""{"model": {"$nin": ["openai/gpt-4o"]}}""") });
        Assert.Equal(2, notIn.TotalResults);
        var since = await Store.ListResultsAsync(
            Ws, new ResultQuery { Filter = FilterParser.Parse("""{"created_at": {"$gt": "2000-01-01T00:00:00"}}""") });
        Assert.Equal(3, since.TotalResults);

        var page2 = await Store.ListResultsAsync(Ws, new ResultQuery { Sort = "name", Page = 2, PageSize = 2 });
        Assert.Equal(3, page2.TotalResults);
        Assert.Equal(2, page2.TotalPages);
        Assert.Equal("llama-small", Assert.Single(page2.Data).Name);
        Assert.NotEmpty(page2.Data[0].Scores);
    }

    [Fact]
    public async Task List_SortsInByteOrderWithNullsFirst_AndLikeFoldsAsciiCaseOnly()
    {
        foreach (var (name, model, team) in new[] { ("beta", "m", "Équipe"), ("Alpha", null, "équipe"), ("alpha", "n", "ops") })
        {
            await Store.CreateResultAsync(
                Ws, new RunSpec { Name = name, Model = model, Labels = new Dictionary<string, string> { ["team"] = team } });
        }
        async Task<List<string>> Names(string sort, string? filter = null) =>
            (await Store.ListResultsAsync(Ws, new ResultQuery { Sort = sort, Filter = filter is null ? null : FilterParser.Parse(filter) }))
                .Data.Select(r => r.Name).ToList();

        Assert.Equal(["Alpha", "alpha", "beta"], await Names("name"));
        Assert.Equal(["Alpha", "beta", "alpha"], await Names("model"));
        Assert.Equal(["alpha", "beta", "Alpha"], await Names("-model"));
        Assert.Equal(["Alpha", "alpha"], await Names("name", """{"name": {"$like": "ALPHA"}}"""));
        Assert.Equal(["Alpha"], await Names("name", """{"labels.team": {"$like": "équipe"}}"""));
        Assert.Equal(["alpha"], await Names("name", """{"labels.team": {"$lt": "p"}}"""));
    }

    [Fact]
    public async Task List_BadSortIsBadRequest()
    {
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.ListResultsAsync(Ws, new ResultQuery { Sort = "colour" }));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Delete_HidesTheResultEverywhereAndFreesItsName()
    {
        var result = await ImportAsync("to-delete", Rows.Seed004);
        Assert.True(await Store.DeleteResultAsync(Ws, result.Id));
        Assert.Null(await Store.GetResultAsync(Ws, "to-delete"));
        Assert.Empty((await Store.ListResultsAsync(Ws, new ResultQuery())).Data);
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(async () =>
        {
            await foreach (var _ in Store.ReadRowsAsync(Ws, result.Id, new RowQuery()))
            {
            }
        })).Status);
        Assert.False(await Store.DeleteResultAsync(Ws, result.Id));
        var again = await ImportAsync("to-delete", Rows.Seed004);
        Assert.NotEqual(result.Id, again.Id);
    }

    [Fact]
    public async Task Keys_AreCreatedListedAndRevokedPerWorkspace()
    {
        var created = await Store.CreateKeyAsync(Ws, KeyRole.Read, "dashboard");
        Assert.StartsWith("es_", created.Secret, StringComparison.Ordinal);
        var listed = Assert.Single(await Store.ListKeysAsync(Ws), k => k.Id == created.Key.Id);
        Assert.Equal(KeyRole.Read, listed.Role);
        Assert.DoesNotContain(created.Secret, listed.Prefix.Length < created.Secret.Length ? "" : created.Secret, StringComparison.Ordinal);
        Assert.True(await Store.RevokeKeyAsync(Ws, created.Key.Id));
        Assert.False(await Store.RevokeKeyAsync(Ws, created.Key.Id));
        Assert.NotNull((await Store.ListKeysAsync(Ws)).Single(k => k.Id == created.Key.Id).RevokedAt);
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
