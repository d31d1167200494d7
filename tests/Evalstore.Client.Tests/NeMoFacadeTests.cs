using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Client.Tests;

/// <summary>The NeMo-shaped facade against a real server: auto-paging, cancellation, errors, workspace resolution.</summary>
public sealed class NeMoFacadeTests : IAsyncLifetime
{
    private const string Workspace = "my-workspace";
    private TestServer _server = null!;
    private string _key = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _key = (await _server.Store.CreateKeyAsync(Workspace, KeyRole.Write)).Secret;
        for (var i = 0; i < 5; i++)
        {
            var spec = new RunSpec { Name = $"job-{i}", Kind = ResultKind.Metric, Metric = $"my-workspace/{(i % 2 == 0 ? "even" : "odd")}",
                Model = "m" };
            await _server.Store.ImportResultAsync(Workspace, spec, Rows.Parse(Rows.Seed004));
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private EvalstoreClient Client(HttpMessageHandler? handler = null) => new(_server.BaseAddress, _key, handler);

    [Fact]
    public async Task ListAsync_FetchesPageAfterPage_AsTheCallerIterates()
    {
        var counter = new CountingHandler();
        await using var client = Client(counter);
        var names = new List<string>();
        await foreach (var result in client.Evaluation.MetricJobResults.ListAsync(sort: "name", pageSize: 2))
        {
            names.Add(result.Name);
        }
        Assert.Equal(["job-0", "job-1", "job-2", "job-3", "job-4"], names);
        Assert.Equal(3, counter.Requests.Count(r => r.Contains("/metric-job-results", StringComparison.Ordinal)));

        var filtered = await client.Evaluation.MetricJobResults.ListAsync(
            filter: new { metric = "my-workspace/even" }, sort: "-name").Select(r => r.Name).ToListAsync();
        Assert.Equal(["job-4", "job-2", "job-0"], filtered);
        var searched =
            await client.Evaluation.MetricJobResults.ListAsync(search: """{"name": "job-3"}""").Select(r => r.Name).ToListAsync();
        Assert.Equal(["job-3"], searched);

        var page = await client.Evaluation.MetricJobResults.ListPageAsync(page: 2, pageSize: 2, aggregateFields: ["mean"]);
        Assert.Equal(new Evalstore.Contracts.NeMo.PaginationInfo(2, 2, 2, 3, 5), page.Pagination);
        Assert.All(page.Data.SelectMany(r => r.Scores), s => Assert.Null(s.StdDev));
        Assert.All(page.Data.SelectMany(r => r.Scores), s => Assert.NotNull(s.Mean));
    }

    [Fact]
    public async Task RetrieveDownloadAndDelete_WorkByJobName()
    {
        await using var client = Client();
        var result = await client.Evaluation.MetricJobResults.RetrieveAsync("job-1");
        Assert.Equal(("job-1", "my-workspace/odd"), (result.Name, result.Metric));
        Assert.Equal(result.Id, result.EntityId);
        var aggregate = await client.Evaluation.MetricJobs.Results.AggregateScores.DownloadAsync("job-1");
        Assert.Equal([("exact-match", 0.6, "range"), ("string-check", 0.8, "range")],
            aggregate.Scores.Select(s => (s.Name, s.Mean!.Value, s.ScoreType!)));
        Assert.Equal(10, aggregate.Scores[0].Percentiles!.Count);
        var rows = await client.Evaluation.MetricJobs.Results.RowScores.DownloadAsync("job-1").ToListAsync();
        Assert.Equal([0L, 1, 2, 3, 4], rows.Select(r => r.RowIndex!.Value));
        // NeMo's MetricOutput values: numbers or "NaN", never booleans, labels or null (reasoning stays in the native export).
        Assert.All(rows.SelectMany(r => r.Metrics.Values).SelectMany(s => s),
            s => Assert.True(s.Value.ValueKind == JsonValueKind.Number || s.Value.GetString() == "NaN", s.Value.GetRawText()));
        Assert.True(rows[0].Extra!.ContainsKey("row_digest"));

        await client.Evaluation.MetricJobResults.DeleteAsync("job-1");
        var gone = await Assert.ThrowsAsync<EvalstoreException>(() => client.Evaluation.MetricJobResults.RetrieveAsync("job-1"));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Errors_AreEvalstoreExceptions_CarryingTheServersDetail()
    {
        await using var client = Client();
        var missing = await Assert.ThrowsAsync<EvalstoreException>(() => client.Evaluation.BenchmarkJobResults.RetrieveAsync("job-0"));
        Assert.Equal(404, missing.Status);
        Assert.Contains("Benchmark job result 'job-0'", missing.Detail, StringComparison.Ordinal);
        var invalid = await Assert.ThrowsAsync<EvalstoreException>(
            () => client.Evaluation.MetricJobResults.RetrieveAsync("job-0", aggregateFields: ["median"]));
        Assert.Equal(422, invalid.Status);
        Assert.Contains("median", invalid.Detail, StringComparison.Ordinal);
        var badFilter = await Assert.ThrowsAsync<EvalstoreException>(
            () => client.Evaluation.MetricJobResults.ListAsync(filter: new { colour = "red" }).ToListAsync().AsTask());
        Assert.Equal(400, badFilter.Status);
        await using var reader =
            new EvalstoreClient(_server.BaseAddress, (await _server.Store.CreateKeyAsync(Workspace, KeyRole.Read)).Secret);
        Assert.Equal(
            403, (await Assert.ThrowsAsync<EvalstoreException>(() => reader.Evaluation.MetricJobResults.DeleteAsync("job-0"))).Status);
    }

    [Fact]
    public async Task Cancellation_StopsEveryCall()
    {
        await using var client = Client();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.Evaluation.MetricJobResults.RetrieveAsync("job-0", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.Evaluation.MetricJobs.Results.AggregateScores.DownloadAsync("job-0", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.Evaluation.MetricJobResults.DeleteAsync("job-0", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Evaluation.MetricJobs.Results.RowScores.DownloadAsync(
                "job-0", cancellationToken: cancelled.Token))
            {
            }
        });

        // Cancelling mid-iteration stops the auto-paging before the next page is fetched.
        using var midway = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Evaluation.MetricJobResults.ListAsync(pageSize: 1).WithCancellation(midway.Token))
            {
                seen++;
                await midway.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
        Assert.NotNull(await _server.Store.GetResultAsync(Workspace, "job-0"));
    }

    [Fact]
    public async Task Workspace_DefaultsToTheKeys_OrTheClientsSetting()
    {
        await using var byKey = Client();
        Assert.Equal(Workspace, (await byKey.Evaluation.MetricJobResults.RetrieveAsync("job-2")).Workspace);
        await using var elsewhere = new EvalstoreClient(_server.BaseAddress, _key) { Workspace = "someone-else" };
        Assert.Equal(
            404, (await Assert.ThrowsAsync<EvalstoreException>(() => elsewhere.Evaluation.MetricJobResults.RetrieveAsync("job-2"))).Status);
        Assert.Equal("job-2", (await elsewhere.Evaluation.MetricJobResults.RetrieveAsync("job-2", workspace: Workspace)).Name);
    }

    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!.PathAndQuery);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
