using Evalstore.Core;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>The contract suite on a real PostgreSQL database (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresDatabase database) : StoreContractTests
{
    protected override async Task<IEvalStore> OpenStoreAsync() => await database.OpenStoreAsync();
}

/// <summary>The contract suite through the HTTP client, against a real server on loopback over PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHttpStoreContractTests(PostgresDatabase database) : StoreContractTests
{
    private TestServer? _server;

    protected override async Task<IEvalStore> OpenStoreAsync()
    {
        _server = await database.StartServerAsync();
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
