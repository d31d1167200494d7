using Evalstore.Core.Stores;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>
/// The contract suite through the HTTP client, against a real server on loopback: the client must keep every promise
/// a store makes. Each subclass starts the server over its own store.
/// </summary>
public abstract class HttpStoreContractTests : StoreContractTests
{
    private TestServer? _server;

    protected abstract Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions> configure);

    /// <summary>
    /// The server's clock stands still: the key test creates a key through the keyless client and goes on using it, which
    /// holds while the server's one-second "any keys yet?" answer is cached. On the real clock a slow machine let that
    /// second pass mid-test and the next call was a 401.
    /// </summary>
    private static ServerOptions StillClock(ServerOptions options) => options with { Clock = new FakeClock() };

    protected override async Task<IEvalStore> OpenStoreAsync()
    {
        _server = await StartServerAsync(StillClock);
        return _server.Client();
    }

    protected override async Task CloseStoreAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
