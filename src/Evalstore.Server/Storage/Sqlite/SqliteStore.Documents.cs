using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async Task<bool> PutDocumentsAsync(string workspace, Guid resultId, IReadOnlyList<ResultDocument> documents,
        string? unlessExists = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            ResultDocument.CheckKey(document.Key);
        }
        return await WriteAsync((c, t) =>
        {
            var (key, _) = Require(c, t, workspace, resultId);
            if (unlessExists is not null && DocumentExists(c, t, key, ResultDocument.CheckKey(unlessExists)))
            {
                return Task.FromResult(false);
            }
            using var upsert = Command(c, t, """
                INSERT INTO result_documents (result_key, key, body, updated_at) VALUES ($k, $key, $body, $now)
                ON CONFLICT (result_key, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """, ("$k", key), ("$key", ""), ("$body", Array.Empty<byte>()), ("$now", Timestamps.ToText(Timestamps.Now())));
            foreach (var document in documents)
            {
                upsert.Parameters["$key"].Value = document.Key;
                upsert.Parameters["$body"].Value = document.Json.ToArray();
                upsert.ExecuteNonQuery();
            }
            return Task.FromResult(true);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ResultDocument?> GetDocumentAsync(
        string workspace, Guid resultId, string key, CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckKey(key);
        return ReadAsync(c =>
        {
            var (resultKey, _) = Require(c, null, workspace, resultId);
            return Scalar(
                c, null, "SELECT body FROM result_documents WHERE result_key = $k AND key = $key", ("$k", resultKey), ("$key", key))
                is byte[] body ? new ResultDocument(key, body) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ResultDocument> ListDocumentsAsync(string workspace, Guid resultId, string keyPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckPrefix(keyPrefix);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = Require(connection, null, workspace, resultId);
        using var command = Command(connection, null, """
            SELECT key, body FROM result_documents WHERE result_key = $k AND key >= $from AND key < $to ORDER BY key
            """, ("$k", key), ("$from", keyPrefix), ("$to", ResultDocument.UpperBound(keyPrefix)));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ResultDocument(reader.GetString(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <inheritdoc />
    public async Task<long?> DeleteDocumentsAsync(string workspace, Guid resultId, string keyPrefix, string? unlessExists = null,
        CancellationToken cancellationToken = default)
    {
        ResultDocument.CheckPrefix(keyPrefix);
        return await WriteAsync((c, t) =>
        {
            var (key, _) = Require(c, t, workspace, resultId);
            if (unlessExists is not null && DocumentExists(c, t, key, ResultDocument.CheckKey(unlessExists)))
            {
                return Task.FromResult<long?>(null);
            }
            return Task.FromResult<long?>(Execute(c, t, "DELETE FROM result_documents WHERE result_key = $k AND key >= $from AND key < $to",
                ("$k", key), ("$from", keyPrefix), ("$to", ResultDocument.UpperBound(keyPrefix))));
        }, cancellationToken);
    }

    private static bool DocumentExists(SqliteConnection connection, SqliteTransaction transaction, long resultKey, string key) =>
        Scalar(connection, transaction, "SELECT 1 FROM result_documents WHERE result_key = $k AND key = $key", ("$k", resultKey),
            ("$key", key)) is not null;
}
