using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Storage;

/// <summary>What only the server asks of a database store, beyond the domain operations every client has.</summary>
public interface IServerStore : IEvalStore
{
    /// <summary>The live key with this secret, or null.</summary>
    Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="IEvalStore.AppendRowsAsync"/> with the key's body hash: the same key and the same body replay the first
    /// outcome, the same key with another body is a 422 and stores nothing.
    /// </summary>
    Task<AppendOutcome> AppendBatchAsync(string workspace, Guid resultId, IAsyncEnumerable<IngestRow> rows, IdempotencyKey? idempotencyKey,
        CancellationToken cancellationToken = default);

    // The web UI's sessions: the cookie carries a random id, the store keeps its SHA-256 with the key it was made from.
    // Revoking that key deletes them (RevokeKeyAsync, same transaction).

    /// <summary>Stores a new session of a live key (nothing is stored for a revoked or unknown key).</summary>
    Task CreateSessionAsync(UiSessionRecord session, CancellationToken cancellationToken = default);

    /// <summary>
    /// The live key of the session whose id hashes to <paramref name="idHash"/>, or null when there is none, its key is
    /// revoked, or at <paramref name="now"/> it has expired or been idle for <paramref name="idleTimeout"/> (then it is
    /// deleted). A session in use has its last-seen time moved forward (at most once a minute).
    /// </summary>
    Task<ApiKeyInfo?> AuthenticateSessionAsync(byte[] idHash, DateTimeOffset now, TimeSpan idleTimeout,
        CancellationToken cancellationToken = default);

    /// <summary>Ends a session (sign-out); false when there was none.</summary>
    Task<bool> DeleteSessionAsync(byte[] idHash, CancellationToken cancellationToken = default);

    /// <summary>True once any key exists: from then on every request needs one.</summary>
    Task<bool> AnyKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every value of a result's scores with the row digest it belongs to, one list per score (metric + name), for
    /// joining results item by item. <paramref name="metric"/> and <paramref name="score"/> narrow it to one metric
    /// or one score; a score name alone (no such metric) also matches.
    /// </summary>
    IAsyncEnumerable<ScoreItems> ReadScoreItemsAsync(string workspace, Guid resultId, string? metric, string? score,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The same scores as <see cref="ReadScoreItemsAsync"/> as columns over the rows' digest bytes (no string per row),
    /// for compare's join on integer item keys; null for a result stored before column chunks (PostgreSQL).
    /// </summary>
    Task<ItemColumns?> ReadItemColumnsAsync(string workspace, Guid resultId, string? metric, string? score,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Every live result of a workspace matching the filter, in creation (key) order, read by keyset a bounded batch at a
    /// time: no OFFSET loop, no count, no connection held while the caller works. A result that exists for the whole
    /// walk is yielded exactly once, whatever is inserted or deleted meanwhile. <paramref name="skip"/> passes over the
    /// first results (on the index, once).
    /// </summary>
    IAsyncEnumerable<ResultInfo> StreamResultsAsync(string workspace, FilterExpr? filter, long skip = 0,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest (by creation) live result of each model among those matching the filter, newest first; results
    /// without a model count as one model. Answered from the index, without reading the other results.
    /// </summary>
    Task<IReadOnlyList<ResultInfo>> LatestPerModelAsync(string workspace, FilterExpr filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest completed live result of each model over one dataset or benchmark, newest first: what
    /// <see cref="LatestPerModelAsync"/> gives for "completed and that dataset (or benchmark)", read from the summary the
    /// store keeps inside the transactions that complete, fail, delete, prune and copy results (one row per model).
    /// </summary>
    Task<IReadOnlyList<ResultInfo>> LatestCompletedPerModelAsync(string workspace, LatestScope scope, string value,
        CancellationToken cancellationToken = default);

    /// <summary>Retention: deletes (or counts) old finished results in bounded transactions; see <see cref="PruneRequest"/>.</summary>
    Task<PruneReport> PruneAsync(string workspace, PruneRequest request, CancellationToken cancellationToken = default);

    /// <summary>True when the store holds no result at all (used to load demo data once).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The live results of a workspace that hold an item with this row digest, newest first, at most
    /// <paramref name="limit"/> of them, each with the item's smallest row index there (the UI's "same item elsewhere").
    /// </summary>
    Task<IReadOnlyList<ItemOccurrence>> FindItemOccurrencesAsync(string workspace, string digest, int limit,
        CancellationToken cancellationToken = default);

    // Per-result side documents: small JSON values under keys, owned by one live result (any status) and purged with
    // it. Vendor surfaces keep here what is not a row (Weave's pending predictions and finish summary). A result that
    // is absent, deleted or in another workspace is a 404 for all four methods.

    /// <summary>
    /// Inserts or replaces the documents, all in one transaction. When <paramref name="unlessExists"/> names a key that
    /// already has a document (checked in the same transaction), nothing is written and the answer is false.
    /// </summary>
    Task<bool> PutDocumentsAsync(string workspace, Guid resultId, IReadOnlyList<ResultDocument> documents, string? unlessExists = null,
        CancellationToken cancellationToken = default);

    /// <summary>The document under exactly this key, or null.</summary>
    Task<ResultDocument?> GetDocumentAsync(string workspace, Guid resultId, string key, CancellationToken cancellationToken = default);

    /// <summary>Streams the documents whose key starts with the prefix (empty for all), in ordinal key order.</summary>
    IAsyncEnumerable<ResultDocument> ListDocumentsAsync(string workspace, Guid resultId, string keyPrefix,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the documents whose key starts with the prefix, in one transaction, and returns how many there were;
    /// null (and nothing deleted) when <paramref name="unlessExists"/> names a key that has a document.
    /// </summary>
    Task<long?> DeleteDocumentsAsync(string workspace, Guid resultId, string keyPrefix, string? unlessExists = null,
        CancellationToken cancellationToken = default);
}

/// <summary>All values of one score of one result, with their row digests.</summary>
public sealed record ScoreItems(string Metric, string Name, IReadOnlyList<ItemScore> Values);
