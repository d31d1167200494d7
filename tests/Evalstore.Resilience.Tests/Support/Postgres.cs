using System.Globalization;
using Npgsql;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>
/// The PostgreSQL server of EVALSTORE_TEST_PG (./test.sh sets it): skipped only on a developer box without it, never
/// under CI=true. One throwaway database per test run, one schema per server started on it.
/// </summary>
public static class Postgres
{
    private static readonly Lazy<string?> s_skipReason = new(FindSkipReason);
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static string? s_database;

    /// <summary>Why PostgreSQL tests are skipped here, or null when they must run.</summary>
    public static string? SkipReason => s_skipReason.Value;

    /// <summary>True only on a developer box without PostgreSQL (and CI not 'true'): then its tests skip.</summary>
    public static bool Unavailable => SkipReason is not null;

    /// <summary>The skip message of the PostgreSQL attributes.</summary>
    public const string SkipMessage =
        "PostgreSQL is unavailable (EVALSTORE_TEST_PG unset or unreachable) and CI is not 'true': " +
        "./test.sh starts it and sets the variable.";

    private static string? Admin => Environment.GetEnvironmentVariable("EVALSTORE_TEST_PG") is { Length: > 0 } value ? value : null;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string whose search path is a new, empty schema in this run's database.</summary>
    public static async Task<string> NewSchemaAsync()
    {
        var admin = Admin ?? throw new InvalidOperationException(
            "CI is 'true' but EVALSTORE_TEST_PG is not set: run the tests through ./test.sh, which starts PostgreSQL.");
        await s_gate.WaitAsync();
        try
        {
            if (s_database is null)
            {
                var name = string.Create(CultureInfo.InvariantCulture,
                    $"evalstore_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}");
                await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'");
                s_database = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
                // Dropped when the test process ends; ./test.sh also drops databases of runs that were killed.
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(admin, name);
            }
        }
        finally
        {
            s_gate.Release();
        }
        var schema = "r" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(s_database, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(s_database) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>
    /// Drops this run's database now. The assembly fixture calls it when the last test has run: the test runner allows
    /// the process only 10 s to exit after the run, and a drop at exit on a loaded machine took longer than that.
    /// </summary>
    public static void DropRunDatabase()
    {
        string? database;
        s_gate.Wait();
        try
        {
            (database, s_database) = (s_database, null);
        }
        finally
        {
            s_gate.Release();
        }
        if (database is not null && Admin is { } admin)
        {
            Drop(admin, new NpgsqlConnectionStringBuilder(database).Database!);
        }
    }

    private static void Drop(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // ./test.sh drops leftover test databases older than a day.
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? FindSkipReason()
    {
        if (IsCi)
        {
            return null;
        }
        if (Admin is not { } admin)
        {
            return "PostgreSQL tests skipped: EVALSTORE_TEST_PG is not set (./test.sh sets it) and CI is not 'true'.";
        }
        try
        {
            using var connection = new NpgsqlConnection(
                new NpgsqlConnectionStringBuilder(admin) { Timeout = 3, Pooling = false }.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            return $"PostgreSQL tests skipped: EVALSTORE_TEST_PG is unreachable ({e.Message}) and CI is not 'true'.";
        }
    }
}
