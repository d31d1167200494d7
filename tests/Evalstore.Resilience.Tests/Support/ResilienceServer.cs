using Evalstore.Server;
using Evalstore.Server.Hosting;
using Evalstore.Server.Storage;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>
/// A real Evalstore server on a free loopback port, over a real SQLite file or a fresh PostgreSQL schema, built by the
/// same composition as <c>evalstore serve</c>. It also exposes the endpoints the server mapped.
/// </summary>
public sealed class ResilienceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _directory;

    private ResilienceServer(WebApplication app, IServerStore store, StoreKind kind, Uri baseAddress, string? directory,
        string database)
    {
        _app = app;
        Database = database;
        Store = store;
        Kind = kind;
        BaseAddress = baseAddress;
        _directory = directory;
        Http = Client();
    }

    public StoreKind Kind { get; }

    public IServerStore Store { get; }

    /// <summary>The SQLite file, or the PostgreSQL connection string (its search path is the server's schema).</summary>
    public string Database { get; }

    public Uri BaseAddress { get; }

    /// <summary>An HTTP client without credentials.</summary>
    public HttpClient Http { get; }

    /// <summary>The server's services, to look at its state (queues) from outside.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Every endpoint the server mapped, as routing sees them.</summary>
    public IReadOnlyList<RouteEndpoint> Endpoints =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    /// <summary>Starts a server on the store; <paramref name="configure"/> changes the default options.</summary>
    public static async Task<ResilienceServer> StartAsync(StoreKind kind, Func<ServerOptions, ServerOptions>? configure = null)
    {
        string? directory = null;
        IServerStore store;
        string database;
        if (kind == StoreKind.Sqlite)
        {
            directory = Path.Combine(Path.GetTempPath(), "evalstore-resilience", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            database = Path.Combine(directory, "evalstore.db");
            store = await SqliteStore.OpenAsync(database);
        }
        else
        {
            database = await Postgres.NewSchemaAsync();
            store = await PostgresStore.OpenAsync(database);
        }
        var options = new ServerOptions { Store = store, Urls = "http://127.0.0.1:0", LogLevel = LogLevel.Warning };
        options = configure?.Invoke(options) ?? options;
        var app = await EvalstoreServer.BuildAsync(options);
        await app.StartAsync();
        var address = app.Addresses().First();
        return new ResilienceServer(app, store, kind, new Uri(address.TrimEnd('/') + "/"), directory, database);
    }

    /// <summary>A new HTTP client, sending the key as a Bearer token when given.</summary>
    public HttpClient Client(string? bearer = null)
    {
        // Redirects are answers to check (a page sends a caller without a key to sign in), not to follow.
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2),
        };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow teardown; the temp folder is cleaned eventually anyway.
            }
        }
    }
}
