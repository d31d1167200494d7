using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Evalstore.Resilience.Tests.Support;
using Evalstore.Server.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace Evalstore.Resilience.Tests.Regressions;

/// <summary>
/// Failure 9: nothing bounded concurrent compares (8 of 200k rows took the server from 150 to 786 MB). Now at most
/// MaxConcurrentAnalyses run, AnalysisQueueLimit wait, and the rest get 503 with Retry-After and a problem body; a
/// client that leaves the queue gives its place up; over the memory budget no new analysis starts.
/// </summary>
public sealed class BoundedAnalysisTests
{
    private const int Items = 2000;
    private const int Scores = 5;
    private const string Compare = "api/v1/workspaces/default/compare?baseline=base&candidate=cand";

    [Fact]
    public Task ConcurrentCompares_PastTheQueue_Get503WithRetryAfter_TheRestAreCorrect_Sqlite() => BurstAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task ConcurrentCompares_PastTheQueue_Get503WithRetryAfter_TheRestAreCorrect_Postgres() => BurstAsync(StoreKind.Postgres);

    [Fact]
    public Task AClientLeavingTheQueue_GivesItsPlaceUp_Sqlite() => LeaveQueueAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task AClientLeavingTheQueue_GivesItsPlaceUp_Postgres() => LeaveQueueAsync(StoreKind.Postgres);

    [Fact]
    public Task OverTheMemoryBudget_NoAnalysisStarts_Sqlite() => OverBudgetAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task OverTheMemoryBudget_NoAnalysisStarts_Postgres() => OverBudgetAsync(StoreKind.Postgres);

    private static async Task BurstAsync(StoreKind kind)
    {
        const int callers = 8;
        await using var server = await ResilienceServer.StartAsync(kind, o => o with
        {
            MaxConcurrentAnalyses = 1, AnalysisQueueLimit = 1, AnalysisQueueTimeout = TimeSpan.FromMinutes(2), RequestsPerSecond = 0,
        });
        await SeedAsync(server);

        using var start = new Barrier(callers);
        var answers = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            using var client = server.Client();
            start.SignalAndWait();
            using var response = await client.GetAsync(Compare);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync());
        })));

        var reference = await server.Http.GetStringAsync(Compare); // alone, with the gate free
        var served = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(callers, served.Count + refused.Count); // nothing else: no 5xx but the 503s, no timeouts
        Assert.True(served.Count >= 2, $"the running compare and the queued one are served ({served.Count} were)");
        Assert.NotEmpty(refused);
        Assert.All(served, a => Assert.Equal(reference, a.Body)); // same seed, same answer, however busy
        Assert.All(refused, a =>
        {
            Assert.NotNull(a.Delta);
            Assert.InRange(a.Delta.Value.TotalSeconds, 1, 60);
            AssertBusyProblem(a.Body, "queue_full", (int)a.Delta.Value.TotalSeconds);
        });
    }

    private static async Task LeaveQueueAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind, o => o with
        {
            MaxConcurrentAnalyses = 1, AnalysisQueueLimit = 1, AnalysisQueueTimeout = TimeSpan.FromMinutes(2), RequestsPerSecond = 0,
        });
        await SeedAsync(server);
        var gate = server.Services.GetRequiredService<HeavyWorkGate>();
        using var client = server.Client();

        // A long compare (the candidate 24 times over) holds the only place.
        var slow = client.GetAsync(
            "api/v1/workspaces/default/compare?baseline=base" + string.Concat(Enumerable.Repeat("&candidate=cand", 24)));
        await WaitUntilAsync(() => gate.Running == 1, "the long compare runs");

        // The next waits in the queue; its client gives up; its place is free again while the long compare still runs.
        using var leaving = new CancellationTokenSource();
        var left = client.GetAsync(Compare, leaving.Token);
        await WaitUntilAsync(() => gate.Queued == 1, "the second compare is queued");
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        await WaitUntilAsync(() => gate.Queued == 0, "the abandoned compare leaves the queue");
        Assert.Equal(1, gate.Running);
        Assert.False(slow.IsCompleted, "the long compare should still be running; make it longer if this machine is faster");

        // So the next caller is queued rather than refused, and only the one after it finds the queue full.
        var queued = client.GetAsync(Compare);
        await WaitUntilAsync(() => gate.Queued == 1, "a new compare takes the freed place");
        using (var full = await client.GetAsync(Compare))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            var retryAfter = (int)full.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
            AssertBusyProblem(await full.Content.ReadAsStringAsync(), "queue_full", retryAfter);
        }
        using var slowAnswer = await slow;
        using var queuedAnswer = await queued;
        Assert.Equal(HttpStatusCode.OK, slowAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedAnswer.StatusCode);
        using var report = JsonDocument.Parse(await slowAnswer.Content.ReadAsStringAsync());
        Assert.Equal(24, report.RootElement.GetProperty("candidates").GetArrayLength());
    }

    private static async Task OverBudgetAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind, o => o with { MemoryBudgetBytes = 1024 * 1024 });
        await SeedAsync(server);
        string[] paths = [Compare, "api/v1/workspaces/default/leaderboard?dataset=d", "api/v1/workspaces/default/items?dataset=d"];
        foreach (var path in paths)
        {
            using var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            var body = await response.Content.ReadAsStringAsync();
            AssertBusyProblem(body, "memory_budget", (int)retryAfter.Value.TotalSeconds);
            Assert.Contains("memory budget of 1 MiB", body, StringComparison.Ordinal);
        }
        using var page = await server.Http.GetAsync("/compare?a=base&b=cand");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode); // the UI's compare page is bounded too
        Assert.NotNull(page.Headers.RetryAfter);
    }

    private static void AssertBusyProblem(string body, string reason, int retryAfterSeconds)
    {
        using var problem = JsonDocument.Parse(body);
        var root = problem.RootElement;
        Assert.Equal(503, root.GetProperty("status").GetInt32());
        Assert.Equal("Server busy", root.GetProperty("title").GetString());
        Assert.Equal(reason, root.GetProperty("reason").GetString());
        Assert.Equal(retryAfterSeconds, root.GetProperty("retry_after_seconds").GetInt32());
        Assert.Contains("No room for another", root.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Two completed results over the same items, with continuous scores (a paired t test and bootstrap each).</summary>
    private static async Task SeedAsync(ResilienceServer server)
    {
        foreach (var (name, shift) in new[] { ("base", 0), ("cand", 7) })
        {
            var body = new StringBuilder();
            for (var i = 0; i < Items; i++)
            {
                var metrics = string.Join(",", Enumerable.Range(0, Scores).Select(s => string.Create(CultureInfo.InvariantCulture,
                    $"\"m{s}\":[{{\"name\":\"v\",\"value\":{(i * 37 + s * 11 + shift * (i % 5)) % 101 / 10.0}}}]")));
                body.Append(CultureInfo.InvariantCulture, $"{{\"item\":{{\"q\":{i}}},\"sample\":{{}},\"metrics\":{{{metrics}}}}}\n");
            }
            using var response = await server.Http.PostAsync($"api/v1/workspaces/default/imports?name={name}&model={name}&dataset=d",
                Http.Jsonl(body.ToString()));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }
}
