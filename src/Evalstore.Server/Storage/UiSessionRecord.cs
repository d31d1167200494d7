namespace Evalstore.Server.Storage;

/// <summary>
/// A web UI session as stored: the SHA-256 of its random id (never the id itself), the key it was made from, and when
/// it was made and expires. The browser's cookie carries the id; the key's secret stays out of the cookie.
/// </summary>
public sealed record UiSessionRecord(byte[] IdHash, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
