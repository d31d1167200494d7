using System.Data.Common;
using System.Text.Json;
using Dapper;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Storage.Sql;

/// <summary>
/// The cold paths of both database stores, written once over ADO.NET and Dapper with a small <see cref="StoreDialect"/>:
/// listing results, API keys and per-result documents. What is hot stays hand-written per engine in the subclasses:
/// SQLite's row writer through the C API, PostgreSQL's binary COPY, and the streamed row reads.
/// </summary>
public abstract partial class SqlStore
{
    private protected SqlStore(TimeProvider clock) => Clock = clock;

    /// <summary>Where every timestamp, id time and clock reading of the store comes from (tests pass a fake one).</summary>
    private protected TimeProvider Clock { get; }

    private protected abstract StoreDialect Dialect { get; }

    /// <summary>Runs a read on a pooled connection.</summary>
    private protected abstract Task<T> InReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken);

    /// <summary>Runs one write transaction; it commits only if <paramref name="write"/> returns.</summary>
    private protected abstract Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write,
        CancellationToken cancellationToken);

    /// <summary>A connection for a streamed read that outlives one call (the caller disposes it).</summary>
    private protected abstract Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Now, at the stored precision.</summary>
    private protected DateTimeOffset Now() => Timestamps.Now(Clock);

    /// <inheritdoc cref="IEvalStore.CreateResultAsync" />
    public Task<ResultInfo> CreateResultAsync(string workspace, RunSpec spec, CancellationToken cancellationToken = default)
    {
        Names.Workspace(workspace);
        var normalized = RunSpecRules.Normalize(spec);
        return InTransactionAsync((c, t) => InsertResultAsync(c, t, workspace, normalized, cancellationToken), cancellationToken);
    }

    /// <summary>Inserts a new running result (the row insert is each engine's own: SQLite's is synchronous).</summary>
    private protected abstract Task<ResultInfo> InsertResultAsync(DbConnection connection, DbTransaction transaction, string workspace,
        RunSpec spec, CancellationToken cancellationToken);

    /// <inheritdoc cref="IServerStore.IsEmptyAsync" />
    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        InReadAsync(async c => await c.ExecuteScalarAsync<long?>(
            Command("SELECT 1 FROM results WHERE deleted_at IS NULL LIMIT 1", null, null, cancellationToken)) is null, cancellationToken);

    /// <summary>The key of a live result, locked for the transaction where the engine needs it; 404 when there is none.</summary>
    private protected async Task<long> ResultKeyAsync(DbConnection connection, DbTransaction? transaction, string workspace, Guid id,
        CancellationToken cancellationToken)
    {
        var sql = "SELECT result_key FROM results WHERE workspace = @w AND id = @id AND deleted_at IS NULL"
            + (transaction is null ? "" : Dialect.ForUpdate);
        return await connection.ExecuteScalarAsync<long?>(
            Command(sql, Args(("w", workspace), ("id", Dialect.Id(id))), transaction, cancellationToken))
            ?? throw EvalstoreException.NotFound($"No result with id '{id}' in workspace '{workspace}'.");
    }

    /// <summary>Makes sure the workspace exists (it is created by its first result or key).</summary>
    private protected Task EnsureWorkspaceAsync(DbConnection connection, DbTransaction transaction, string workspace,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("INSERT INTO workspaces (name, created_at) VALUES (@w, @t) ON CONFLICT DO NOTHING",
            Args(("w", workspace), ("t", Dialect.Instant(now))), transaction, cancellationToken));

    private protected static CommandDefinition Command(string sql, DynamicParameters? args, DbTransaction? transaction,
        CancellationToken cancellationToken) => new(sql, args, transaction, cancellationToken: cancellationToken);

    /// <summary>Parameters by name; each value's runtime type picks its database type (null is NULL).</summary>
    private protected static DynamicParameters Args(params (string Name, object? Value)[] values)
    {
        var args = new DynamicParameters();
        foreach (var (name, value) in values)
        {
            args.Add(name, value);
        }
        return args;
    }

    /// <summary>An enum as stored: its snake_case name.</summary>
    internal static string Text<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
