using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Digest;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Regressions;

/// <summary>
/// Failure 1 (CPU denial of service): one line whose item had 100,000 keys kept a core busy for ~95 s, because each key
/// was looked up in a list. Canonicalisation is now a sort, objects and lines are capped, and an aborted request stops.
/// </summary>
public sealed class CanonicalisationTests
{
    [Fact]
    public Task ItemsAtTheKeyCap_AreAcceptedQuickly_WithPythonsDigest_Sqlite() => ItemsAtTheKeyCapAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task ItemsAtTheKeyCap_AreAcceptedQuickly_WithPythonsDigest_Postgres() => ItemsAtTheKeyCapAsync(StoreKind.Postgres);

    [Fact]
    public Task ALineOverTheValueCap_IsA400NamingTheLineAndTheLimit_Sqlite() => OverTheValueCapAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task ALineOverTheValueCap_IsA400NamingTheLineAndTheLimit_Postgres() => OverTheValueCapAsync(StoreKind.Postgres);

    [Fact]
    public Task AnAbortedBatch_StopsAndStoresNothing_Sqlite() => AbortedBatchAsync(StoreKind.Sqlite);

    [PostgresFact]
    public Task AnAbortedBatch_StopsAndStoresNothing_Postgres() => AbortedBatchAsync(StoreKind.Postgres);

    private static async Task ItemsAtTheKeyCapAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var result = await Http.CreateAsync(server.Http, "default", "wide");
        // Keys in an order far from sorted, with a duplicate whose last value wins (as in Python's json.loads).
        var keys = Enumerable.Range(0, LineLimits.MaxKeysPerObject - 1)
            .Select(i => $"k{(i * 7919) % (LineLimits.MaxKeysPerObject - 1)}").ToList();
        var item = "{" + string.Join(",", keys.Select((k, i) => $"\"{k}\":{i}")) + ",\"k5\":\"last\"}";
        var lines = string.Concat(Enumerable.Repeat(Http.Row(item), 20));

        var clock = Stopwatch.StartNew();
        using var response = await Http.AppendAsync(server.Http, "default", result, lines);
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Quadratic lookups took ~4 s per line of 10,000 keys (80 s here); sorting takes milliseconds. The bound is
        // generous, for a loaded 2-core machine: it only catches the quadratic algorithm coming back.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"20 lines of 10,000 keys took {clock.Elapsed}");
        var expected = ExpectedDigest(keys.Select((k, i) => (k, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(("k5", "\"last\"")));
        await foreach (var row in server.Store.ReadRowsAsync("default", result, new RowQuery { Limit = 1 }))
        {
            Assert.Equal(expected, row.Digest);
        }
    }

    private static async Task OverTheValueCapAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var result = await Http.CreateAsync(server.Http, "default", "deep");
        var huge = "{\"xs\":[" + string.Join(",", Enumerable.Repeat("0", LineLimits.MaxNodesPerLine + 1)) + "]}";
        using var response = await Http.AppendAsync(server.Http, "default", result, Http.Row("{\"q\":1}") + Http.Row(huge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, problem.RootElement.GetProperty("line").GetInt32());
        Assert.Equal(LineLimits.MaxNodesPerLine, problem.RootElement.GetProperty("limit").GetInt32());
        Assert.Contains("line 2", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await server.Store.GetResultAsync("default", "deep"))!.RowCount);
    }

    // Once the client hangs up, the server stops reading and parsing, rolls the batch back and frees the result.
    private static async Task AbortedBatchAsync(StoreKind kind)
    {
        await using var server = await ResilienceServer.StartAsync(kind);
        var result = await Http.CreateAsync(server.Http, "default", "aborted");
        using var abort = new CancellationTokenSource();
        var endless = new EndlessRows(() => abort.Cancel());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/workspaces/default/results/{result}/rows")
        {
            Content = new StreamContent(endless),
        };
        var sending = server.Http.SendAsync(request, abort.Token);
        await Assert.ThrowsAnyAsync<Exception>(() => sending);

        // Had the server gone on with the batch, it would still hold the result's write lock: the next batch would wait.
        var clock = Stopwatch.StartNew();
        using var next = await Http.AppendAsync(server.Http, "default", result, Http.Row("{\"q\":\"after\"}"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the next batch waited {clock.Elapsed}");
        Assert.Equal(1, (await server.Store.GetResultAsync("default", "aborted"))!.RowCount);
    }

    private static string ExpectedDigest(IEnumerable<(string Key, string Value)> members)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in members)
        {
            last[key] = value;
        }
        var text = "{" + string.Join(", ", last.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\": {p.Value}")) + "}";
        return RowDigest.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
    }

    /// <summary>A request body that never ends: rows for as long as it is read, then it asks the client to give up.</summary>
    private sealed class EndlessRows(Action giveUp) : Stream
    {
        private static readonly byte[] s_row = Encoding.UTF8.GetBytes(Http.Row("{\"q\":\"endless\"}"));
        private long _sent;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent > 4 * 1024 * 1024)
            {
                // Several MB are in and the server is busy with the batch: the client hangs up. Failing the body (rather
                // than reading on) makes the client abort the connection mid-body, whatever the cancellation races.
                giveUp();
                throw new IOException("The client gave up mid-body.");
            }
            var n = 0;
            while (n + s_row.Length <= count)
            {
                s_row.CopyTo(buffer, offset + n);
                n += s_row.Length;
            }
            _sent += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
