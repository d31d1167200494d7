namespace Evalstore.Core.Model;

/// <summary>
/// An API key as stored, with its hash (never the secret): what a copy moves so that the same secrets keep working on
/// the target. Only the admin transfer endpoints and the stores' copy engine handle it.
/// </summary>
public sealed record StoredApiKey(string Id, string Workspace, string Role, byte[] Hash, string Prefix, string? Description,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One side document of a result, on the wire: its key and its JSON text, byte for byte.</summary>
public sealed record TransferDocument(string Key, string Json);

/// <summary>
/// The first part of <c>PUT …/transfer/results/{id}</c>: the result as the source stores it (id, status, timestamps, labels,
/// spec) and its side documents; its rows follow as a JSONL part.
/// </summary>
public sealed record TransferResult(ResultInfo Result, IReadOnlyList<TransferDocument> Documents);
