using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// Applies the numbered <c>Migrations/NNN_name.sql</c> files that a database has not seen yet, in order, in one transaction.
/// </summary>
/// <remarks>
/// Several server instances may start at once against one database. The first statement takes a transaction-scoped
/// advisory lock keyed by the schema, so the instances queue: the first applies the scripts, the others then find them
/// recorded in <c>schema_migrations</c> and apply nothing. The lock is released by the commit (or by a rollback, so a
/// failed migration never leaves the lock held).
/// </remarks>
internal static class PostgresMigrator
{
    private const string Marker = ".Storage.Postgres.Migrations.";

    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresStore.ExecuteAsync(connection,
            "SELECT pg_advisory_xact_lock(hashtext('evalstore.migrations'), hashtext(current_schema()))", cancellationToken);
        await PostgresStore.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)
            """, cancellationToken);
        var applied = new HashSet<long>();
        await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt64(0));
            }
        }
        foreach (var (version, name, sql) in Scripts())
        {
            if (applied.Contains(version))
            {
                continue;
            }
            await PostgresStore.ExecuteAsync(connection, sql, cancellationToken);
            await PostgresStore.ExecuteAsync(connection, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, now())",
                cancellationToken, ("v", version), ("n", name));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The embedded scripts in version order.</summary>
    public static IEnumerable<(long Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(Marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..];
                var version = long.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                return (version, file, Read(assembly, n));
            })
            .OrderBy(s => s.version);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
