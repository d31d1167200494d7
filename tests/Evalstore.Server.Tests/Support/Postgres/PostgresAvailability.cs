using Npgsql;

namespace Evalstore.Server.Tests.Support.Postgres;

/// <summary>
/// Whether the PostgreSQL tests may be skipped: only on a developer box (CI is not "true") where the server named by
/// EVALSTORE_TEST_PG is unset or unreachable. Under CI=true they always run, and fail when PostgreSQL is missing.
/// </summary>
public static class PostgresAvailability
{
    /// <summary>The variable ./test.sh sets to a role that may create databases.</summary>
    public const string Variable = "EVALSTORE_TEST_PG";

    private static readonly Lazy<string?> s_skipReason = new(FindSkipReason);

    /// <summary>Connection string of the test server's maintenance database, or null when unset.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>True when the environment variable CI is "true".</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests are skipped, or null when they must run.</summary>
    public static string? SkipReason => s_skipReason.Value;

    /// <summary>True when PostgreSQL tests are skipped (read by xunit's <c>SkipWhen</c> at run time, not at discovery).</summary>
    public static bool Unavailable => SkipReason is not null;

    /// <summary>The static reason shown for a <c>SkipWhen</c> skip; <see cref="SkipReason"/> says which case it was.</summary>
    public const string SkipMessage =
        $"PostgreSQL tests skipped: {Variable} is unset or unreachable (./test.sh starts PostgreSQL and sets it) and CI is not 'true'.";

    /// <summary>Skips the running test (xunit v3 dynamic skip) when PostgreSQL is unavailable; under CI=true never.</summary>
    public static void SkipIfUnavailable()
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private static string? FindSkipReason()
    {
        if (IsCi)
        {
            return null;
        }
        if (ConnectionString is not { } connectionString)
        {
            return $"PostgreSQL tests skipped: {Variable} is not set (./test.sh starts PostgreSQL and sets it) and CI is not 'true'.";
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            return $"PostgreSQL tests skipped: the server in {Variable} is unreachable ({e.Message}) and CI is not 'true'.";
        }
    }
}
