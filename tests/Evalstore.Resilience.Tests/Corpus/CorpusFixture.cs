using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Corpus;

/// <summary>
/// A server on one store with what the corpus aims at: a completed result ("done", 3 rows) and a running one ("open",
/// 2 rows appended under the Idempotency-Key <see cref="OpenBatchKey"/>). Lines are capped at 1 MiB here so that the
/// over-long-line case stays small.
/// </summary>
public sealed class CorpusFixture : IAsyncDisposable
{
    public const string Workspace = "hostile";
    public const string OpenBatchKey = "fixture-batch";
    public const int MaxLineBytes = 1024 * 1024;

    /// <summary>The exact body stored under <see cref="OpenBatchKey"/>; the replay case resends these bytes.</summary>
    public const string OpenBatch =
        "{\"item\":{\"q\":\"open-1\"},\"sample\":{},\"metrics\":{\"m\":[{\"name\":\"s\",\"value\":1}]}}\n" +
        "{\"item\":{\"q\":\"open-2\"},\"sample\":{},\"metrics\":{\"m\":[{\"name\":\"s\",\"value\":0}]}}\n";

    private CorpusFixture(ResilienceServer server, Guid open, Guid done)
    {
        Server = server;
        Open = open;
        Done = done;
    }

    public ResilienceServer Server { get; }

    public Guid Open { get; }

    public Guid Done { get; }

    public static async Task<CorpusFixture> StartAsync(StoreKind kind)
    {
        var server = await ResilienceServer.StartAsync(kind, o => o with { MaxLineBytes = MaxLineBytes });
        var done = await server.Store.ImportResultAsync(Workspace, new RunSpec { Name = "done" }, Rows(
            "{\"item\":{\"q\":\"café\"},\"sample\":{},\"metrics\":{\"m\":[{\"name\":\"s\",\"value\":1}]}}",
            "{\"item\":{\"q\":\"b\"},\"sample\":{},\"metrics\":{\"m\":[{\"name\":\"s\",\"value\":0.5}]}}",
            "{\"item\":{\"q\":\"c\"},\"sample\":{},\"metrics\":{\"m\":[{\"name\":\"s\",\"value\":0}]}}"));
        var open = await server.Store.CreateResultAsync(Workspace, new RunSpec { Name = "café-open" });
        using var content = new StringContent(OpenBatch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/workspaces/{Workspace}/results/{open.Id}/rows")
        {
            Content = content,
        };
        request.Headers.Add("Idempotency-Key", OpenBatchKey);
        using var response = await server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var outcome = await response.Content.ReadFromJsonAsync<AppendOutcome>(Evalstore.Core.Json.EvalstoreJson.Options);
        Assert.Equal(2, outcome!.RowsAccepted);
        return new CorpusFixture(server, open.Id, done.Id);
    }

    /// <summary>What no refused request may change: results per workspace, rows of both results, keys.</summary>
    public async Task<string> SnapshotAsync()
    {
        var store = Server.Store;
        var text = new StringBuilder();
        foreach (var workspace in new[] { Workspace, Names.DefaultWorkspace })
        {
            var page = await store.ListResultsAsync(workspace, new ResultQuery { PageSize = 1000 });
            text.Append(workspace).Append(": ").AppendJoin(", ", page.Data.OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => $"{r.Name}/{r.Status}/{r.RowCount}")).Append('\n');
        }
        text.Append("keys: ").Append((await store.ListKeysAsync(null)).Count);
        return text.ToString();
    }

    private static async IAsyncEnumerable<Evalstore.Core.Ingest.IngestRow> Rows(params string[] lines)
    {
        var parser = new Evalstore.Core.Ingest.RowParser();
        for (var i = 0; i < lines.Length; i++)
        {
            yield return parser.Parse(Encoding.UTF8.GetBytes(lines[i]), i + 1);
        }
        await Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The corpus fixtures of both stores, each started on first use and shared by every case.</summary>
public sealed class CorpusServers : IAsyncLifetime
{
    private readonly Dictionary<StoreKind, Task<CorpusFixture>> _fixtures = [];
    private readonly Lock _gate = new();

    public Task<CorpusFixture> GetAsync(StoreKind kind)
    {
        lock (_gate)
        {
            if (!_fixtures.TryGetValue(kind, out var fixture))
            {
                _fixtures[kind] = fixture = CorpusFixture.StartAsync(kind);
            }
            return fixture;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var fixture in _fixtures.Values)
        {
            if (fixture.IsCompletedSuccessfully)
            {
                await (await fixture).DisposeAsync();
            }
        }
    }
}
