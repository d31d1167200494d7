using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage;

/// <summary>An API key as stored, with its hash: what a copy moves so that the same secrets keep working.</summary>
public sealed record StoredApiKey(string Id, string Workspace, string Role, byte[] Hash, string Prefix, string? Description,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// What moving a whole store to another one needs beyond <see cref="IServerStore"/>: every workspace, keys with their
/// hashes, and a result written with its original id, status and timestamps. Both database stores implement it.
/// </summary>
public interface IStoreTransfer
{
    /// <summary>Every workspace that has a result, a key, or was created.</summary>
    Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every API key, revoked ones included, with its hash.</summary>
    Task<IReadOnlyList<StoredApiKey>> ReadKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a key as it is (or updates its revocation); false when the same key was there already.</summary>
    Task<bool> PutKeyAsync(StoredApiKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a result in one transaction, as <paramref name="original"/> describes it: its id, name, labels, spec, status,
    /// error and timestamps, with these rows and side documents; a completed one gets its aggregates computed here from the
    /// rows (the caller compares them with the original's). On any error or cancellation nothing of it remains.
    /// </summary>
    Task<ResultInfo> PutResultAsync(ResultInfo original, IAsyncEnumerable<IngestRow> rows, IReadOnlyList<ResultDocument> documents,
        CancellationToken cancellationToken = default);
}
