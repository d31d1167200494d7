using Evalstore.Resilience.Tests.Support;

[assembly: AssemblyFixture(typeof(PostgresRunCleanup))]

namespace Evalstore.Resilience.Tests.Support;

/// <summary>Drops the run's PostgreSQL database after the last test, inside the run (see <see cref="Postgres.DropRunDatabase"/>).</summary>
public sealed class PostgresRunCleanup : IDisposable
{
    public void Dispose() => Postgres.DropRunDatabase();
}
