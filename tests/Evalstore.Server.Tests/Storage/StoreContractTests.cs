using System.Text.Json.Nodes;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// The behaviour every store must have, run against each implementation (SQLite directly, the HTTP client through
/// a real server, PostgreSQL): one sealed subclass per store, as Dapper runs one suite per provider.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private IEvalStore? _store;

    protected IEvalStore Store => _store ?? throw new InvalidOperationException("store not opened");

    protected const string Ws = "team-a";

    protected abstract Task<IEvalStore> OpenStoreAsync();

    protected virtual Task CloseStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    public async Task DisposeAsync()
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
        var created = await Store.CreateResultAsync(Ws, new RunSpec { Name = "run-1", Model = "m", Labels = new Dictionary<string, string> { ["team"] = "x" } });
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
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => Store.CreateResultAsync(Ws, new RunSpec { Name = "dup", Model = "second" }));
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
        var run = await Store.CreateResultAsync(Ws, new RunSpec { Name = "seed004", StarMetric = new StarMetric { Metric = "exact-match", Threshold = 0.5 } });
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
        string[] lines = [Rows.Seed004[0], Rows.Seed004[1], """{"item": {"x": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": Infinity}]}}"""];
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
        Assert.Equal(409, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, failed.Id, Rows.Parse(Rows.Seed004)))).Status);
    }

    [Fact]
    public async Task UnknownResult_IsNotFound()
    {
        var missing = Guid.NewGuid();
        Assert.Null(await Store.GetResultAsync(Ws, missing.ToString()));
        Assert.Null(await Store.GetResultAsync(Ws, "no-such-name"));
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.AppendRowsAsync(Ws, missing, Rows.Parse(Rows.Seed004)))).Status);
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

        var json = await Store.ListResultsAsync(Ws, new ResultQuery { Filter = FilterParser.Parse("""{"name": {"$like": "LLAMA"}}"""), Sort = "name" });
        Assert.Equal(["llama-large", "llama-small"], json.Data.Select(r => r.Name));
        var text = await Store.ListResultsAsync(Ws, new ResultQuery { Filter = FilterParser.Parse("model:\"openai/gpt-4o\" OR name~\"small\""), Sort = "name" });
        Assert.Equal(["gpt", "llama-small"], text.Data.Select(r => r.Name));
        var notIn = await Store.ListResultsAsync(Ws, new ResultQuery { Filter = FilterParser.Parse("""{"model": {"$nin": ["openai/gpt-4o"]}}""") });
        Assert.Equal(2, notIn.TotalResults);
        var since = await Store.ListResultsAsync(Ws, new ResultQuery { Filter = FilterParser.Parse("""{"created_at": {"$gt": "2000-01-01T00:00:00"}}""") });
        Assert.Equal(3, since.TotalResults);

        var page2 = await Store.ListResultsAsync(Ws, new ResultQuery { Sort = "name", Page = 2, PageSize = 2 });
        Assert.Equal(3, page2.TotalResults);
        Assert.Equal(2, page2.TotalPages);
        Assert.Equal("llama-small", Assert.Single(page2.Data).Name);
        Assert.NotEmpty(page2.Data[0].Scores);
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
    public async Task ReadRows_ReturnsTheIngestShapeLosslesslyWithRowDigest()
    {
        var rich = """{"row_index": 7, "item": {"input": "Q?", "reference": "A", "meta": {"id": 3}}, "sample": {"output_text": "A!"}, "metrics": {"judge": [{"name": "helpful", "value": "good", "reasoning": "clear"}], "em": [{"name": "em", "value": true}]}, "requests": [{"url": "http://judge", "status": 200}], "trial": 2, "usage": {"input_tokens": 12, "output_tokens": 5}, "latency_ms": 412, "chunks": [{"source_name": "faq.md", "text": "…", "chunk_used": true, "chunk_usage_pct": 40.0}], "metric_errors": {"llm-judge": "timeout after 30 s"}, "custom": {"kept": [1, 2]}}""";
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
        Assert.Equal([(0L, 0), (1, 0), (2, 0), (3, 0), (5, 0), (7, 0), (9, 0)], await Read(new RowQuery { Where = [ScoreCondition.Parse("any<0.3")], Trial = 0 }));
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

        foreach (var filter in new[] { new RowQuery(), new RowQuery { Trial = 0 }, new RowQuery { ErroredOnly = true }, new RowQuery { FromRow = 10, ToRow = 70 } })
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
    public async Task NaNValues_AreCountedAndExcluded()
    {
        string[] lines =
        [
            """{"item": {"q": 1}, "sample": {}, "metrics": {"m": [{"name": "m", "value": 1.0}]}}""",
            """{"item": {"q": 2}, "sample": {}, "metrics": {"m": [{"name": "m", "value": null}]}}""",
            """{"item": {"q": 3}, "sample": {}, "metrics": {"m": [{"name": "m", "value": "NaN"}]}}""",
            """{"item": {"q": 4}, "sample": {}, "metrics": {"m": [{"name": "m", "value": NaN}]}}""",
            """{"item": {"q": 5}, "sample": {}, "metrics": {"m": [{"name": "m", "value": 0.0}]}}""",
        ];
        var result = await ImportAsync("nan", lines);
        var m = Assert.Single(result.Scores);
        Assert.Equal(2, m.Count);
        Assert.Equal(3, m.NanCount);
        Assert.Equal(0.5, m.Mean!.Value, 9);
        // Rows without row_index got consecutive indexes.
        var indexes = (await ToListAsync(Store.ReadRowsAsync(Ws, result.Id, new RowQuery()))).Select(r => r.RowIndex);
        Assert.Equal([0L, 1, 2, 3, 4], indexes);
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
    public async Task PassStatus_RespectsLowerIsBetter()
    {
        var declarations = new List<MetricDeclaration> { new() { Metric = "latency", HigherIsBetter = false } };
        string[] lines =
        [
            """{"item": {"q": 1}, "sample": {}, "metrics": {"latency": [{"name": "latency", "value": 100}]}}""",
            """{"item": {"q": 2}, "sample": {}, "metrics": {"latency": [{"name": "latency", "value": 300}]}}""",
        ];
        var fast = await ImportAsync("fast", lines, star: new StarMetric { Metric = "latency", Threshold = 250 }, declarations: declarations);
        var slow = await ImportAsync("slow", lines, star: new StarMetric { Metric = "latency", Threshold = 150 }, declarations: declarations);
        Assert.True(fast.PassStatus);
        Assert.False(slow.PassStatus);
    }

    [Fact]
    public async Task DeclaredRubric_RejectsUnknownLabels()
    {
        var declarations = new List<MetricDeclaration>
        {
            new() { Metric = "judge", Type = ScoreType.Rubric, Rubric = [new RubricLevel("poor", 1), new RubricLevel("good", 3)] },
        };
        string[] lines = ["""{"item": {"q": 1}, "sample": {}, "metrics": {"judge": [{"name": "judge", "value": "great"}]}}"""];
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => ImportAsync("rubric", lines, declarations: declarations));
        Assert.Equal(400, error.Status);
        Assert.Contains("poor", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterKey_GivesClusteredStandardErrors()
    {
        // stats.md D4: clusters c1 = [1,1,1,0], c2 = [0,0,0], c3 = [1,1].
        (string Cluster, int Value)[] rows = [("c1", 1), ("c1", 1), ("c1", 1), ("c1", 0), ("c2", 0), ("c2", 0), ("c2", 0), ("c3", 1), ("c3", 1)];
        var lines = rows.Select((r, i) =>
            "{\"item\": {\"passage\": \"" + r.Cluster + "\", \"q\": " + i + "}, \"sample\": {}, \"metrics\": {\"acc\": [{\"name\": \"acc\", \"value\": " + r.Value + "}]}}");
        var result = await Store.ImportResultAsync(Ws, new RunSpec { Name = "clustered", ClusterKey = "passage" }, Rows.Parse(lines));
        var acc = Assert.Single(result.Scores);
        Assert.Equal(0.555556, acc.Mean!.Value, 1e-6);
        Assert.Equal(0.175682, acc.StdErr!.Value, 1e-6);
        Assert.NotNull(acc.Clustered);
        Assert.Equal(3, acc.Clustered.ClusterCount);
        Assert.Equal(0.226973, acc.Clustered.StdErr, 1e-6);
        Assert.Equal(0.277983, acc.Clustered.InspectStdErr!.Value, 1e-6);
    }

    [Fact]
    public async Task SeveralTrials_AreReducedPerItemAndGivePassAtK()
    {
        // stats.md D5: q1 = [1,0,1,1], q2 = [0,0,0,1], q3 = [1,1,1,1].
        int[][] trials = [[1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 1]];
        var lines = trials.SelectMany((values, q) => values.Select((v, t) =>
            "{\"row_index\": " + q + ", \"trial\": " + t + ", \"item\": {\"q\": " + q + "}, \"sample\": {}, \"metrics\": {\"pass\": [{\"name\": \"pass\", \"value\": " + (v == 1 ? "true" : "false") + "}]}}"));
        var result = await Store.ImportResultAsync(Ws, new RunSpec { Name = "epochs" }, Rows.Parse(lines));
        Assert.Equal(3, result.ItemCount);
        Assert.Equal(4, result.MaxTrials);
        var pass = Assert.Single(result.Scores);
        Assert.Equal(ScoreType.Binary, pass.ScoreType);
        Assert.Equal(3, pass.ItemCount);
        Assert.Equal(0.666667, pass.Mean!.Value, 1e-6);
        Assert.Equal(0.220479, pass.StdErr!.Value, 1e-6);
        Assert.NotNull(pass.Trials);
        Assert.Equal(0.833333, pass.Trials.PassAtK!.Single(k => k.K == 2).Value, 1e-6);
        Assert.Equal(0.416667, pass.Trials.PassHatK!.Single(k => k.K == 3).Value, 1e-6);
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
