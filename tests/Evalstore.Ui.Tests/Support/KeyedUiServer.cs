using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Ui.Tests.Support;

/// <summary>A server with API keys (so pages ask to sign in) over a fresh SQLite file with the seed results.</summary>
public sealed class KeyedUiServer : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("not started");

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>A key that may read and write the default workspace.</summary>
    public string WriteKey { get; private set; } = "";

    /// <summary>A key that may only read it.</summary>
    public string ReadKey { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(configure: o => o with { RequestsPerSecond = 0 });
        await SeedData.LoadAsync(_server.Store);
        WriteKey = (await _server.Store.CreateKeyAsync("default", KeyRole.Write, "engineer")).Secret;
        ReadKey = (await _server.Store.CreateKeyAsync("default", KeyRole.Read, "stakeholder")).Secret;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
