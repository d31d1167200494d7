using System.Runtime.CompilerServices;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    // Writes lock the result's row (as appends do), so that on several instances an unlessExists check and the write it
    // guards are atomic: a second writer waits, then sees the first one's documents. Reads take no lock. The key column
    // is COLLATE "C", so the prefix range below is the byte order SQLite uses.

    /// <inheritdoc />
    public async Task<bool> PutDocumentsAsync(string workspace, Guid resultId, IReadOnlyList<ResultDocument> documents,
        string? unlessExists = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            ResultDocument.CheckKey(document.Key);
        }
        return await WriteAsync(async c =>
        {
            var (key, _) = await LockAsync(c, workspace, resultId, cancellationToken);
            if (unlessExists is not null && await DocumentExistsAsync(c, key, ResultDocument.CheckKey(unlessExists), cancellationToken))
            {
                return false;
            }
            if (documents.Count > 0)
            {
                // One statement for the batch; a key given twice keeps its last document, as a row-by-row upsert would.
                var last = documents.Select((d, i) => (d, i)).GroupBy(p => p.d.Key, StringComparer.Ordinal).Select(
                    g => g.Last().d).ToList();
                await ExecuteAsync(c, """
                    INSERT INTO result_documents (result_key, key, body, updated_at)
                    SELECT @k, u.key, u.body, @now FROM unnest(@keys, @bodies) AS u(key, body)
                    ON CONFLICT (result_key, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                    """, cancellationToken, ("k", key), ("now", Timestamps.Now()), ("keys", last.Select(d => d.Key).ToArray()),
                    ("bodies", last.Select(d => d.Json.ToArray()).ToArray()));
            }
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ResultDocument?> GetDocumentAsync(
        string workspace, Guid resultId, string key, CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckKey(key);
        return await ReadAsync(async c =>
        {
            var (resultKey, _) = await RequireAsync(c, workspace, resultId, cancellationToken);
            return await ScalarAsync(c, "SELECT body FROM result_documents WHERE result_key = @k AND key = @key", cancellationToken,
                ("k", resultKey), ("key", key)) is byte[] body ? new ResultDocument(key, body) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ResultDocument> ListDocumentsAsync(string workspace, Guid resultId, string keyPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckPrefix(keyPrefix);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = await RequireAsync(connection, workspace, resultId, cancellationToken);
        await using var command = Command(connection,
            "SELECT key, body FROM result_documents WHERE result_key = @k AND key >= @from AND key < @to ORDER BY key",
            ("k", key), ("from", keyPrefix), ("to", ResultDocument.UpperBound(keyPrefix)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ResultDocument(reader.GetString(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <inheritdoc />
    public async Task<long?> DeleteDocumentsAsync(string workspace, Guid resultId, string keyPrefix, string? unlessExists = null,
        CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckPrefix(keyPrefix);
        return await WriteAsync<long?>(async c =>
        {
            var (key, _) = await LockAsync(c, workspace, resultId, cancellationToken);
            if (unlessExists is not null && await DocumentExistsAsync(c, key, ResultDocument.CheckKey(unlessExists), cancellationToken))
            {
                return null;
            }
            return await ExecuteAsync(
                c, "DELETE FROM result_documents WHERE result_key = @k AND key >= @from AND key < @to", cancellationToken,
                ("k", key), ("from", keyPrefix), ("to", ResultDocument.UpperBound(keyPrefix)));
        }, cancellationToken);
    }

    private static async Task<bool> DocumentExistsAsync(
        NpgsqlConnection connection, long resultKey, string key, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, "SELECT 1 FROM result_documents WHERE result_key = @k AND key = @key", cancellationToken,
            ("k", resultKey), ("key", key)) is not null;
}
