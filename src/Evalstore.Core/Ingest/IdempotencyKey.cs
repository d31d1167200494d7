namespace Evalstore.Core.Ingest;

/// <summary>
/// The Idempotency-Key of one appended batch and, when the batch arrived as one body, that body's SHA-256. A store
/// keeps the hash beside the key, so a retry (same key, same bytes) replays the first outcome while the same key with
/// other bytes is refused instead of silently dropping the new rows.
/// </summary>
public sealed class IdempotencyKey(string value, HashingStream? body = null)
{
    /// <summary>The key as the client sent it.</summary>
    public string Value { get; } = value;

    /// <summary>The SHA-256 of the whole body, read to its end first; null when the rows did not come as one body.</summary>
    public async ValueTask<byte[]?> BodyHashAsync(CancellationToken cancellationToken) =>
        body is null ? null : await body.FinishAsync(cancellationToken);

    /// <summary>
    /// For a key the store already holds: consumes the rest of the batch (so its hash covers every byte), then throws
    /// a 422 when the body differs from the one first stored under the key. Keys stored before hashes were kept (and
    /// batches that did not arrive as a body) have no hash to compare and replay as before.
    /// </summary>
    public async Task RequireSameBodyAsync(byte[]? storedHash, IAsyncEnumerable<IngestRow> rest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rest);
        if (storedHash is null || body is null)
        {
            return;
        }
        bool same;
        try
        {
            await foreach (var _ in rest.WithCancellation(cancellationToken))
            {
            }
            same = (await body.FinishAsync(cancellationToken)).AsSpan().SequenceEqual(storedHash);
        }
        catch (EvalstoreException e) when (e.Status is 400 or 413)
        {
            // The first body was stored, so it parsed: one with a malformed line cannot be the same bytes.
            same = false;
        }
        if (!same)
        {
            throw EvalstoreException.Unprocessable(
                $"Idempotency-Key '{Value}' was first used with a different body, so this is not a retry of that batch and " +
                "nothing was stored. Resend the same bytes to retry it, or use a new key for a new batch.")
                .With("idempotency_key", Value);
        }
    }
}
