using Evalstore.Server.Tests.Support;

namespace Evalstore.Ui.Tests.Support;

/// <summary>A real server on loopback over a fresh SQLite file with the seed results, shared by a test class.</summary>
public sealed class UiServer : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("not started");

    public Uri BaseAddress => Server.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(configure: o => o with { RequestsPerSecond = 0 });
        await SeedData.LoadAsync(_server.Store);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Browser tests run one at a time: the machine has two cores, and Chromium wants them.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
