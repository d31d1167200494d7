namespace Evalstore.Server.Tests.Support;

/// <summary>
/// Tests run over real HTTP once per store: each test gets a fresh server on the store its sealed subclass starts
/// (SQLite, PostgreSQL), and the server is stopped after it.
/// </summary>
public abstract class PerStoreServerTests : IAsyncLifetime
{
    /// <summary>The server of the running test.</summary>
    protected TestServer Server { get; private set; } = null!;

    /// <summary>Starts a server on this class's store.</summary>
    protected abstract Task<TestServer> StartServerAsync();

    public virtual async ValueTask InitializeAsync() => Server = await StartServerAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
