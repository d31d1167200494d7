using Evalstore.Core;
using Evalstore.Core.Stores;
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
public sealed class PostgresHttpStoreContractTests(PostgresDatabase database) : HttpStoreContractTests
{
    protected override Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions> configure) =>
        database.StartServerAsync(configure);
}
