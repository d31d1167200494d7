using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Regressions;

/// <summary>
/// Failure 3: an Idempotency-Key reused with a different body answered 200 "replayed" and dropped the new rows. The
/// key is now stored with the SHA-256 of its body: the same bytes replay, other bytes are a 422 and store nothing.
/// </summary>
public sealed class IdempotencyTests
{
    [Fact]
    public Task SameKey_SameBody_Replays_OtherBody_Is422_Sqlite() => SameKeyAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task SameKey_SameBody_Replays_OtherBody_Is422_Postgres() => SameKeyAsync(StoreKind.Postgres);

    private static async Task SameKeyAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var result = await Http.CreateAsync(server.Http, "default", "retried");
        var first = Http.Row("{\"q\":1}") + Http.Row("{\"q\":2}");

        using (var stored = await Http.AppendAsync(server.Http, "default", result, first, "batch-1"))
        {
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.False((await stored.Content.ReadFromJsonAsync<AppendOutcome>(EvalstoreJson.Options))!.Replayed);
        }
        using (var retry = await Http.AppendAsync(server.Http, "default", result, first, "batch-1"))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            var outcome = (await retry.Content.ReadFromJsonAsync<AppendOutcome>(EvalstoreJson.Options))!;
            Assert.True(outcome.Replayed);
            Assert.Equal(2, outcome.RowsAccepted);
        }
        foreach (var other in new[] { Http.Row("{\"q\":3}"), first + Http.Row("{\"q\":3}"), first.TrimEnd('\n'), "" })
        {
            using var reused = await Http.AppendAsync(server.Http, "default", result, other, "batch-1");
            Assert.Equal((HttpStatusCode)422, reused.StatusCode);
            using var problem = JsonDocument.Parse(await reused.Content.ReadAsStringAsync());
            Assert.Contains("different body", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("batch-1", problem.RootElement.GetProperty("idempotency_key").GetString());
        }
        // A new key is a new batch.
        using (var fresh = await Http.AppendAsync(server.Http, "default", result, Http.Row("{\"q\":3}"), "batch-2"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }
        Assert.Equal(3, (await server.Store.GetResultAsync("default", "retried"))!.RowCount);
    }
}
