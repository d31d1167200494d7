using System.Data.Common;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Sql;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// The team store: one PostgreSQL database shared by any number of server instances. The server keeps no state of its
/// own, so instances coordinate only through the database: a write locks the result row it changes
/// (<c>SELECT … FOR UPDATE</c>), names and idempotency keys are unique indexes, and every write is one transaction.
/// Rows and scores are ingested with binary COPY and read back as streams.
/// </summary>
public sealed partial class PostgresStore : SqlStore, IServerStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>
    /// A second pool for the short side work of an ingest (items, duplicate probes). An append holds a connection from
    /// the main pool while it takes one from here; with one pool, as many concurrent appends as the pool is large would
    /// each hold one connection and wait forever for a second.
    /// </summary>
    private readonly NpgsqlDataSource _sideDataSource;

    private PostgresStore(NpgsqlConnectionStringBuilder settings, string displayName, TimeProvider clock) : base(clock)
    {
        _dataSource = NpgsqlDataSource.Create(settings);
        _sideDataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            ApplicationName = settings.ApplicationName + " (ingest side)",
        });
        DisplayName = displayName;
    }

    /// <summary>Where the data is, for people: database, host and port, never the password.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// Rows per ingest chunk: a chunk's scores and new items are buffered in memory until it ends (about 5 MB at 50 000
    /// rows). Tests lower it to cross chunk boundaries with a few rows.
    /// </summary>
    internal int IngestChunkRows { get; set; } = 50_000;

    /// <summary>
    /// Connects to a database (an Npgsql connection string such as <c>Host=db;Database=evalstore;Username=…</c>) and
    /// brings its schema up to date. Safe when several instances start at once. <paramref name="clock"/> stamps what the
    /// store writes (the system clock unless a test passes its own).
    /// </summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default,
        TimeProvider? clock = null)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw EvalstoreException.BadRequest($"Invalid PostgreSQL connection string: {e.Message}");
        }
        settings.ApplicationName ??= "evalstore";
        // COPY streams megabytes per batch; larger socket buffers than the 8 KiB default halve the system calls.
        if (settings.WriteBufferSize == NpgsqlConnectionStringBuilderDefaults.BufferSize)
        {
            settings.WriteBufferSize = 64 * 1024;
        }
        if (settings.ReadBufferSize == NpgsqlConnectionStringBuilderDefaults.BufferSize)
        {
            settings.ReadBufferSize = 64 * 1024;
        }
        // Evalstore's queries are short lookups and streamed scans; JIT compilation only adds latency to them (an export's
        // per-row item lookup is costed high enough to trigger it).
        settings.Options ??= "-c jit=off";
        var display = $"PostgreSQL database '{settings.Database ?? settings.Username}' on {settings.Host}:{settings.Port}"
            + (string.IsNullOrEmpty(settings.SearchPath) ? "" : $" (schema {settings.SearchPath})");
        var store = new PostgresStore(settings, display, clock ?? TimeProvider.System);
        try
        {
            await using (var connection = await store.OpenConnectionAsync(cancellationToken))
            {
                try
                {
                    await PostgresMigrator.ApplyAsync(connection, cancellationToken);
                }
                catch (PostgresException e)
                {
                    // E.g. a search path naming a schema that does not exist, or a role that may not create tables.
                    throw new EvalstoreException(503, "Service unavailable",
                        $"Cannot bring the schema of {display} up to date: {e.MessageText} ({e.SqlState}).", e);
                }
            }
            await store.PurgeDeletedAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a pooled connection; an unreachable server is a 503 that says which one.</summary>
    internal Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => OpenAsync(_dataSource, cancellationToken);

    /// <summary>Opens a connection for an ingest's side work (see <see cref="_sideDataSource"/>).</summary>
    internal Task<NpgsqlConnection> OpenSideConnectionAsync(CancellationToken cancellationToken)
        => OpenAsync(_sideDataSource, cancellationToken);

    private async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new EvalstoreException(503, "Service unavailable", $"Cannot connect to {DisplayName}: {e.Message}", e);
        }
    }

    /// <summary>Runs one write transaction; it commits only if <paramref name="work"/> returns.</summary>
    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync((c, _) => work((NpgsqlConnection)c), cancellationToken);

    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        InReadAsync(c => work((NpgsqlConnection)c), cancellationToken);

    private protected override StoreDialect Dialect => PostgresDialect.Instance;

    private protected override async Task<T> InReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    private protected override async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(cancellationToken);

    private protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<ScoreAggregate>>> LoadAggregatesAsync(
        DbConnection connection, IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        await LoadAggregatesAsync((NpgsqlConnection)connection, keys, cancellationToken);

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }
        return command;
    }

    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    internal static bool IsUniqueViolation(PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _sideDataSource.DisposeAsync();
    }
}

/// <summary>Npgsql's documented default buffer size, to tell a default from a value the user set.</summary>
internal static class NpgsqlConnectionStringBuilderDefaults
{
    public const int BufferSize = 8192;
}
