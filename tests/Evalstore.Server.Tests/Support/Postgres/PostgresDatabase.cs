using System.Globalization;
using Evalstore.Server.Storage.Postgres;
using Npgsql;

namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>
/// One throwaway database per test run (<c>evalstore_test_&lt;time&gt;_&lt;random&gt;</c>), created from EVALSTORE_TEST_PG and
/// dropped at the end. Each test gets a fresh schema in it, which is much faster than a database per test; a store on
/// that schema sees nothing of the others.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private int _schemas;

    /// <summary>Name of this run's database.</summary>
    public string Name { get; } = string.Create(CultureInfo.InvariantCulture,
        $"evalstore_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>Connection string of this run's database (no schema chosen).</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (PostgresAvailability.SkipReason is not null)
        {
            return;
        }
        var admin = PostgresAvailability.ConnectionString ?? throw new InvalidOperationException(
            $"CI is 'true' but {PostgresAvailability.Variable} is not set: run the tests through ./test.sh, which installs and starts " +
                $"PostgreSQL.");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            // A locale-aware default collation (ICU en-US sorts "alpha" before "Alpha"), so the tests prove that the store
            // sorts and matches in byte order like SQLite whatever the database's locale. PostgreSQL before 15 (or without
            // ICU) gets its default.
            try
            {
                await ExecuteAsync(
                    connection,
                    $"CREATE DATABASE \"{Name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE " +
                    $"'en-US'");
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SyntaxError or PostgresErrorCodes.FeatureNotSupported
                or PostgresErrorCodes.InvalidParameterValue or PostgresErrorCodes.UndefinedObject)
            {
                await ExecuteAsync(connection, $"CREATE DATABASE \"{Name}\" TEMPLATE template0 ENCODING 'UTF8'");
            }
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = Name }.ConnectionString;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Creates an empty schema and returns a connection string whose search path is that schema. Every per-store test on
    /// PostgreSQL comes here for its store, so this is where such a test skips on a developer box without PostgreSQL.
    /// </summary>
    public async Task<string> NewSchemaAsync()
    {
        PostgresAvailability.SkipIfUnavailable();
        var schema =
            string.Create(CultureInfo.InvariantCulture, $"t{Interlocked.Increment(ref _schemas)}_{Guid.NewGuid().ToString("N")[..6]}");
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>A store on a fresh schema.</summary>
    public async Task<PostgresStore> OpenStoreAsync() => await PostgresStore.OpenAsync(await NewSchemaAsync());

    /// <summary>
    /// A loopback server over a store on a fresh schema, disposed with the server: the PostgreSQL counterpart of
    /// <c>TestServer.StartAsync()</c> for API tests that run on both stores.
    /// </summary>
    public async Task<TestServer> StartServerAsync(Func<ServerOptions, ServerOptions>? configure = null) =>
        await TestServer.StartAsync(await OpenStoreAsync(), configure, disposeStore: true);

    /// <summary>
    /// Drops the run's database, and never fails the run for it: under heavy load the drop can time out or meet a session
    /// still closing, and a leftover test database is only disk space, so it is reported on stderr, not thrown (xUnit
    /// would print "[Test Collection Cleanup Failure]" and exit 1 with every test passed).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            await DropAsync(PostgresAvailability.ConnectionString!, Name);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync(
                $"warning: test database \"{Name}\" was left behind ({e.GetType().Name}: {e.Message}); drop it by hand.");
        }
    }

    /// <summary>
    /// Drops a database: first ends our other sessions on it (a killed server's, pooled connections of another fixture),
    /// then a plain DROP (it stops autovacuum workers by itself, which WITH (FORCE) may not do for a role that is not a
    /// superuser), then FORCE; retried for up to about half a minute, since a busy machine closes sessions slowly.
    /// </summary>
    public static async Task DropAsync(string adminConnectionString, string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { CommandTimeout = 120, Timeout = 60 };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync();
                await TerminateSessionsAsync(connection, name);
                try
                {
                    await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{name}\"");
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
                {
                    await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    /// <summary>Ends every other session on the database that this role may end (others' are left to FORCE).</summary>
    private static async Task TerminateSessionsAsync(NpgsqlConnection connection, string name)
    {
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_stat_activity a
            WHERE a.datname = @name AND a.pid <> pg_backend_pid() AND a.usename = current_user AND pg_terminate_backend(a.pid)
            """, connection);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteScalarAsync();
    }
}

/// <summary>Every PostgreSQL test class shares this run's database (and runs one class at a time: 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresDatabase>
{
    public const string Name = "PostgreSQL";
}
