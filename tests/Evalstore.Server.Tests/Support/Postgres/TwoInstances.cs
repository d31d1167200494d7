namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>
/// Two <c>evalstore serve</c> processes on one throwaway PostgreSQL database, started at the same moment (so their
/// start-up migrations race, as two instances behind a load balancer would).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public ServerProcess A { get; private set; } = null!;

    public ServerProcess B { get; private set; } = null!;

    /// <summary>Connection string of the shared database.</summary>
    public string ConnectionString => _database.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        if (PostgresAvailability.SkipReason is not null)
        {
            return;
        }
        var a = ServerProcess.StartAsync(_database.ConnectionString);
        var b = ServerProcess.StartAsync(_database.ConnectionString);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            foreach (var started in new[] { a, b }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            throw;
        }
        (A, B) = (await a, await b);
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        await _database.DisposeAsync();
    }
}
