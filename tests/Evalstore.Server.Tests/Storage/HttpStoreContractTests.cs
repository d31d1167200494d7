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

    protected abstract Task<TestServer> StartServerAsync();

    protected override async Task<IEvalStore> OpenStoreAsync()
    {
        _server = await StartServerAsync();
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
