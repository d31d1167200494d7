using System.Net.Http.Headers;
using Evalstore.Client;
using Evalstore.Server.Hosting;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Evalstore.Server.Tests.Support;

/// <summary>A real Evalstore server on a free loopback port over a real SQLite file (or a given store).</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _directory;
    private readonly bool _ownsStore;

    private TestServer(WebApplication app, IServerStore store, Uri baseAddress, TempDirectory? directory, bool ownsStore)
    {
        _app = app;
        Store = store;
        BaseAddress = baseAddress;
        _directory = directory;
        _ownsStore = ownsStore;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public IServerStore Store { get; }

    public Uri BaseAddress { get; }

    /// <summary>An anonymous HTTP client for the server.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a server over <paramref name="store"/> (a fresh SQLite file when null, disposed with the server).</summary>
    /// <param name="store">The store to serve.</param>
    /// <param name="configure">Changes to the default options.</param>
    /// <param name="disposeStore">Dispose a given store with the server (a store it created is always disposed).</param>
    public static async Task<TestServer> StartAsync(IServerStore? store = null, Func<ServerOptions, ServerOptions>? configure = null,
        bool disposeStore = false)
    {
        TempDirectory? directory = null;
        var owns = store is null || disposeStore;
        if (store is null)
        {
            directory = new TempDirectory();
            store = await SqliteStore.OpenAsync(directory.File("evalstore.db"));
        }
        var options = new ServerOptions { Store = store, Urls = "http://127.0.0.1:0", LogLevel = LogLevel.Warning };
        options = configure?.Invoke(options) ?? options;
        var app = await EvalstoreServer.BuildAsync(options);
        await app.StartAsync();
        var address = app.Addresses().First();
        return new TestServer(app, store, new Uri(address.EndsWith('/') ? address : address + "/"), directory, owns);
    }

    /// <summary>A typed client, authenticating with the key when given.</summary>
    public EvalstoreClient Client(string? apiKey = null) => new(BaseAddress, apiKey);

    /// <summary>A raw HTTP client sending the key as a Bearer token.</summary>
    public HttpClient HttpWithKey(string apiKey)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
        _directory?.Dispose();
    }
}
