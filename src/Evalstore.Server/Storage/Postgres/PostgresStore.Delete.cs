using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Rows (with their scores) removed per purge transaction.</summary>
    private const long PurgeChunkRows = 50_000;

    /// <inheritdoc />
    public async Task<bool> DeleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default)
    {
        var deleted = await WriteAsync(async c =>
        {
            var key = await ScalarAsync(c,
                "UPDATE results SET deleted_at = @now WHERE workspace = @w AND id = @id AND deleted_at IS NULL RETURNING result_key",
                cancellationToken, ("now", Now()), ("w", workspace), ("id", resultId));
            if (key is long deletedKey)
            {
                await LatestRemovedAsync(c, null, [deletedKey], cancellationToken);
            }
            return key is not null;
        }, cancellationToken);
        if (deleted)
        {
            await PurgeDeletedAsync(cancellationToken);
        }
        return deleted;
    }

    /// <summary>
    /// Removes the rows of deleted results in chunks of row indexes, so no transaction grows large. The result itself
    /// disappeared from every query (on every instance) when it was marked deleted; this only reclaims space. Each chunk
    /// locks the deleted result's row with SKIP LOCKED, so two instances never purge the same result at once, and a purge
    /// cut short resumes at the next start of any instance.
    /// </summary>
    private protected override async Task PurgeDeletedAsync(CancellationToken cancellationToken)
    {
        while (await WriteAsync(c => PurgeChunkAsync(c, cancellationToken), cancellationToken))
        {
        }
    }

    /// <summary>Removes one chunk of one deleted result; false when nothing (unlocked) is left to purge.</summary>
    private static async Task<bool> PurgeChunkAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection,
            "SELECT result_key FROM results WHERE deleted_at IS NOT NULL ORDER BY result_key LIMIT 1 FOR UPDATE SKIP LOCKED",
                cancellationToken)
            is not long key)
        {
            return false;
        }
        if (await ScalarAsync(connection, "SELECT min(row_index) FROM rows WHERE result_key = @k", cancellationToken, ("k", key))
            is long first)
        {
            var end = first + PurgeChunkRows;
            await ExecuteAsync(
                connection, "DELETE FROM scores WHERE result_key = @k AND row_index < @end", cancellationToken, ("k", key), ("end", end));
            await ExecuteAsync(
                connection, "DELETE FROM rows WHERE result_key = @k AND row_index < @end", cancellationToken, ("k", key), ("end", end));
            return true;
        }
        // Scores of a row are written with it, so none can outlive the rows; the small tables go last, with the result.
        foreach (var table in new[] { "scores", "score_chunks", "row_chunks", "aggregates", "score_keys", "batches", "result_documents",
            "results" })
        {
            await ExecuteAsync(connection, $"DELETE FROM {table} WHERE result_key = @k", cancellationToken, ("k", key));
        }
        return true;
    }
}
