using Evalstore.Core;
using Evalstore.Core.Stores;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Storage;

/// <summary>The contract suite on a real SQLite file.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IEvalStore> OpenStoreAsync() => await SqliteStore.OpenAsync(_directory.File("store.db"));

    protected override Task CloseStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The contract suite through the HTTP client, against a real server on loopback over SQLite.</summary>
public sealed class HttpClientStoreContractTests : HttpStoreContractTests
{
    protected override Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions> configure) =>
        TestServer.StartAsync(configure: configure);
}
