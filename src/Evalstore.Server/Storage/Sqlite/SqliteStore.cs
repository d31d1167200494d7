using System.Data.Common;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Readers run concurrently; writers take the database's
/// single write lock, and this process's writers queue for it in <see cref="SqliteGroupCommit"/> instead of spinning.
/// Every write happens completely or not at all (a transaction, or a savepoint in a group commit).
/// </summary>
public sealed partial class SqliteStore : SqlStore, IServerStore
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly SqliteGroupCommit _writes;
    private FileStream? _openLock;

    private SqliteStore(string path, TimeProvider clock) : base(clock)
    {
        DatabasePath = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 60,
        };
        // Two connection strings, so two pools: a writer's large page cache stays warm between batches instead of being
        // shrunk by a reader that borrowed its connection (the file exists once the store is open, so readers need not create it).
        _writerConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _readerConnectionString = builder.ToString();
        _writes = new SqliteGroupCommit(cancellationToken => OpenConnectionAsync(cancellationToken, writer: true));
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating if needed) a database file and brings its schema up to date. <paramref name="clock"/> stamps
    /// what the store writes (the system clock unless a test passes its own).
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken = default, TimeProvider? clock = null)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        var store = new SqliteStore(full, clock ?? TimeProvider.System);
        // Held while the store is open, so that `evalstore restore` refuses to replace the file under it.
        store._openLock = SqliteBackup.HoldOpenLock(full);
        try
        {
            await OpenCoreAsync(store, cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    private static async Task OpenCoreAsync(SqliteStore store, CancellationToken cancellationToken)
    {
        await using (var connection = await store.OpenConnectionAsync(cancellationToken, writer: true))
        {
            // 16 KiB pages: a million-row result's tables are a quarter as many pages to cache and to write. Only takes effect
            // on a new file, before WAL mode fixes the page size.
            Execute(connection, null, "PRAGMA page_size=16384");
            Execute(connection, null, "PRAGMA journal_mode=WAL");
            SqliteMigrator.Apply(connection, store.Now());
        }
        await store.PurgeDeletedAsync(cancellationToken);
    }

    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken, bool writer = false)
    {
        var connection = new SqliteConnection(writer ? _writerConnectionString : _readerConnectionString);
        await connection.OpenAsync(cancellationToken);
        // synchronous=NORMAL in WAL mode survives a killed process (the WAL is in the OS cache); only power loss
        // can take the last transactions. The one writer keeps a 128 MiB page cache: new items go into the digest index
        // at random places, and a cache that holds that index (about 25 MB a million items) keeps an ingest off the disk;
        // the rows themselves are appended, so a larger cache only raised the server's peak memory. Readers stream
        // through a result once, so 64 MiB serves them; pooled connections keep their cache between uses, and this
        // bounds what each reader holds instead of letting every pooled connection grow to the writer's size.
        Execute(connection, null, "PRAGMA busy_timeout=60000; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
            + (writer ? "PRAGMA cache_size=-131072;" : "PRAGMA cache_size=-65536;"));
        return connection;
    }

    /// <summary>Runs one write in the writer's queue; it is committed (and the task completes) only if <paramref
    /// name="work"/> returns.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _writes.RunAsync(work, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return work(connection);
    }

    private protected override StoreDialect Dialect => SqliteDialect.Instance;

    private protected override async Task<T> InReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    private protected override Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write,
        CancellationToken cancellationToken) => WriteAsync((c, t) => write(c, t), cancellationToken);

    private protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(cancellationToken);

    private protected override Task<IReadOnlyDictionary<long, IReadOnlyList<ScoreAggregate>>> LoadAggregatesAsync(
        DbConnection connection, IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<long, IReadOnlyList<ScoreAggregate>>>(LoadAggregates((SqliteConnection)connection, keys));

    internal static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    internal static int Execute(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static object? Scalar(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal static bool IsUniqueViolation(SqliteException e) => e.SqliteErrorCode == 19 && e.SqliteExtendedErrorCode is 2067 or 1555;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        _openLock?.Dispose();
        foreach (var connectionString in new[] { _writerConnectionString, _readerConnectionString })
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
