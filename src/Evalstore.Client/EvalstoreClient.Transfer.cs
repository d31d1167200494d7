using System.Net.Http.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Client;

public sealed partial class EvalstoreClient
{
    /// <summary>
    /// The workspaces this caller may copy (admin key): its key's own, or every workspace of a keyless loopback server.
    /// </summary>
    public Task<IReadOnlyList<string>> ListTransferWorkspacesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<string>>(HttpMethod.Get, "api/v1/transfer/workspaces", null, cancellationToken);

    /// <summary>API keys with their hashes (never a secret), revoked ones included, of the workspaces this admin may copy.</summary>
    public Task<IReadOnlyList<StoredApiKey>> ReadTransferKeysAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<StoredApiKey>>(HttpMethod.Get, "api/v1/transfer/keys", null, cancellationToken);

    /// <summary>
    /// Stores keys exactly as given (ids, hashes, roles, revocations), so the same secrets work on this server; returns how
    /// many were new or changed. Needs an admin key of each key's workspace (or a keyless loopback server).
    /// </summary>
    public async Task<int> PutTransferKeysAsync(IReadOnlyList<StoredApiKey> keys, CancellationToken cancellationToken = default)
    {
        var outcome = await SendAsync<PutKeysOutcome>(HttpMethod.Put, "api/v1/transfer/keys",
            JsonContent.Create(keys, options: EvalstoreJson.Options), cancellationToken);
        return outcome.Changed;
    }

    /// <summary>A result's side documents (vendor surfaces' state), each with its JSON text unchanged (admin key).</summary>
    public Task<IReadOnlyList<TransferDocument>> ReadTransferDocumentsAsync(string workspace, Guid resultId,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<TransferDocument>>(HttpMethod.Get, $"{Ws(workspace)}/transfer/results/{resultId}/documents", null,
            cancellationToken);

    /// <summary>
    /// Writes a result as another store holds it: its id, name, spec, labels, status, error and timestamps, these rows (the
    /// row-scores lines, trials and digests included) and documents, in one transaction on the server (admin key). A
    /// completed result's aggregates are computed there from the rows. A result of that id must not exist.
    /// </summary>
    public Task<ResultInfo> PutTransferResultAsync(ResultInfo original, IAsyncEnumerable<IngestRow> rows,
        IReadOnlyList<TransferDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        var content = new MultipartFormDataContent
        {
            { JsonContent.Create(new TransferResult(original, documents), options: EvalstoreJson.Options), "result" },
            { new JsonlContent(rows), "rows", "rows.jsonl" },
        };
        return SendAsync<ResultInfo>(HttpMethod.Put, $"{Ws(original.Workspace)}/transfer/results/{original.Id}", content,
            cancellationToken);
    }

    private sealed record PutKeysOutcome(int Keys, int Changed);
}
