using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Core.Stores;

/// <summary>
/// The one seam between Evalstore and where results live: data only (results, rows, keys). Implemented by the SQLite
/// and PostgreSQL stores and by the HTTP client, so every CLI verb works on a local file or a server alike and one
/// contract suite tests all. What is computed from the data (compare, leaderboard) is <see cref="IEvalAnalysis"/>.
/// Expected failures are <see cref="EvalstoreException"/>s carrying a problem (404, 409, 400).
/// </summary>
public interface IEvalStore : IAsyncDisposable
{
    /// <summary>Creates a running result; 409 when the name is taken in the workspace.</summary>
    Task<ResultInfo> CreateResultAsync(string workspace, RunSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends one batch of rows, all or nothing. With an idempotency key, a retried batch stores nothing and
    /// returns the first outcome. 409 once the result is completed or failed.
    /// </summary>
    Task<AppendOutcome> AppendRowsAsync(string workspace, Guid resultId, IAsyncEnumerable<IngestRow> rows,
        string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Computes and stores every aggregate in one transaction and makes the result immutable.</summary>
    Task<ResultInfo> CompleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default);

    /// <summary>Marks a running result failed with an error description.</summary>
    Task<ResultInfo> FailResultAsync(
        string workspace, Guid resultId, string errorDescription, CancellationToken cancellationToken = default);

    /// <summary>Creates, fills and completes a result in one go; on any error nothing remains.</summary>
    Task<ResultInfo> ImportResultAsync(string workspace, RunSpec spec, IAsyncEnumerable<IngestRow> rows,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports many results in one transaction: every one is created, filled and completed, or, on any error (a bad row,
    /// a taken name), none remains. Many small results are far cheaper this way than one by one.
    /// </summary>
    Task<IReadOnlyList<ResultInfo>> ImportResultsAsync(string workspace, IAsyncEnumerable<ResultImport> imports,
        CancellationToken cancellationToken = default);

    /// <summary>A result by UUID or by name, with its aggregates; null when absent (or in another workspace).</summary>
    Task<ResultInfo?> GetResultAsync(string workspace, string idOrName, CancellationToken cancellationToken = default);

    /// <summary>One page of results matching the query.</summary>
    Task<ResultPage> ListResultsAsync(string workspace, ResultQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes a result; false when there was none.</summary>
    Task<bool> DeleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default);

    /// <summary>Streams a result's rows in row order (or score order), filtered by the query.</summary>
    IAsyncEnumerable<RowRecord> ReadRowsAsync(
        string workspace, Guid resultId, RowQuery query, CancellationToken cancellationToken = default);

    /// <summary>Creates an API key for a workspace; the secret is returned once.</summary>
    Task<CreatedApiKey> CreateKeyAsync(
        string workspace, KeyRole role, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>Keys of a workspace (or of all workspaces when null and allowed).</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? workspace, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key; false when there was none in that workspace.</summary>
    Task<bool> RevokeKeyAsync(string workspace, string keyId, CancellationToken cancellationToken = default);
}
