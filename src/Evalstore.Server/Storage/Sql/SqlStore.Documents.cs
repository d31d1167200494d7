using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
{
    // Writes find the result with the dialect's lock (PostgreSQL: FOR UPDATE, as appends do), so that on several
    // instances an unlessExists check and the write it guards are atomic: a second writer waits, then sees the first
    // one's documents. SQLite's writes are serial already. Reads take no lock. The key column is in byte order on both
    // engines (PostgreSQL: COLLATE "C"), so the prefix range below means the same thing on each.

    /// <inheritdoc cref="IServerStore.PutDocumentsAsync" />
    public async Task<bool> PutDocumentsAsync(string workspace, Guid resultId, IReadOnlyList<ResultDocument> documents,
        string? unlessExists = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            ResultDocument.CheckKey(document.Key);
        }
        return await InTransactionAsync(async (c, t) =>
        {
            var key = await ResultKeyAsync(c, t, workspace, resultId, cancellationToken);
            if (unlessExists is not null && await DocumentExistsAsync(c, t, key, ResultDocument.CheckKey(unlessExists), cancellationToken))
            {
                return false;
            }
            // One upsert per document, in order: a key given twice keeps its last document.
            var now = Dialect.Instant(Now());
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO result_documents (result_key, key, body, updated_at) VALUES (@k, @key, @body, @now)
                ON CONFLICT (result_key, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, documents.Select(d => Args(("k", key), ("key", d.Key), ("body", d.Json.ToArray()), ("now", now))).ToList(), t,
                cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc cref="IServerStore.GetDocumentAsync" />
    public Task<ResultDocument?> GetDocumentAsync(
        string workspace, Guid resultId, string key, CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckKey(key);
        return InReadAsync(async c =>
        {
            var resultKey = await ResultKeyAsync(c, null, workspace, resultId, cancellationToken);
            var body = await c.ExecuteScalarAsync<byte[]?>(Command("SELECT body FROM result_documents WHERE result_key = @k AND key = @key",
                Args(("k", resultKey), ("key", key)), null, cancellationToken));
            return body is null ? null : new ResultDocument(key, body);
        }, cancellationToken);
    }

    /// <inheritdoc cref="IServerStore.ListDocumentsAsync" />
    public async IAsyncEnumerable<ResultDocument> ListDocumentsAsync(string workspace, Guid resultId, string keyPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckPrefix(keyPrefix);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        var key = await ResultKeyAsync(connection, null, workspace, resultId, cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(Command(
            "SELECT key, body FROM result_documents WHERE result_key = @k AND key >= @from AND key < @to ORDER BY key",
            Args(("k", key), ("from", keyPrefix), ("to", ResultDocument.UpperBound(keyPrefix))), null, cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ResultDocument(reader.GetString(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <inheritdoc cref="IServerStore.DeleteDocumentsAsync" />
    public Task<long?> DeleteDocumentsAsync(string workspace, Guid resultId, string keyPrefix, string? unlessExists = null,
        CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckPrefix(keyPrefix);
        return InTransactionAsync<long?>(async (c, t) =>
        {
            var key = await ResultKeyAsync(c, t, workspace, resultId, cancellationToken);
            if (unlessExists is not null && await DocumentExistsAsync(c, t, key, ResultDocument.CheckKey(unlessExists), cancellationToken))
            {
                return null;
            }
            return await c.ExecuteAsync(Command("DELETE FROM result_documents WHERE result_key = @k AND key >= @from AND key < @to",
                Args(("k", key), ("from", keyPrefix), ("to", ResultDocument.UpperBound(keyPrefix))), t, cancellationToken));
        }, cancellationToken);
    }

    private static async Task<bool> DocumentExistsAsync(
        DbConnection connection, DbTransaction transaction, long resultKey, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(Command("SELECT 1 FROM result_documents WHERE result_key = @k AND key = @key",
            Args(("k", resultKey), ("key", key)), transaction, cancellationToken)) is not null;
}
