using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Storage;

/// <summary>
/// What moving a whole store to another one needs beyond <see cref="IEvalStore"/>: every workspace, keys with their
/// hashes, side documents, and a result written with its original id, status and timestamps. Both database stores
/// implement it, and so does the CLI's view of a server through its admin transfer endpoints.
/// </summary>
public interface IStoreTransfer : IEvalStore
{
    /// <summary>Every workspace that has a result, a key, or was created.</summary>
    Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every API key, revoked ones included, with its hash.</summary>
    Task<IReadOnlyList<StoredApiKey>> ReadKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores keys as they are (or updates their revocation), each in its own transaction; returns how many were new or
    /// changed. A different key with the same id is a 409.
    /// </summary>
    Task<int> PutKeysAsync(IReadOnlyList<StoredApiKey> keys, CancellationToken cancellationToken = default);

    /// <summary>Streams the documents whose key starts with the prefix (empty for all), in ordinal key order.</summary>
    IAsyncEnumerable<ResultDocument> ListDocumentsAsync(string workspace, Guid resultId, string keyPrefix,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a result in one transaction, as <paramref name="original"/> describes it: its id, name, labels, spec, status,
    /// error and timestamps, with these rows and side documents; a completed one gets its aggregates computed here from the
    /// rows (the caller compares them with the original's). On any error or cancellation nothing of it remains.
    /// </summary>
    Task<ResultInfo> PutResultAsync(ResultInfo original, IAsyncEnumerable<IngestRow> rows, IReadOnlyList<ResultDocument> documents,
        CancellationToken cancellationToken = default);
}
