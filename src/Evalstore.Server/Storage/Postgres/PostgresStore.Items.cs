using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ItemOccurrence>> FindItemOccurrencesAsync(string workspace, string digest, int limit,
        CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ItemOccurrence>>(async c =>
        {
            // rows_digest finds the rows; the join keeps live results of this workspace only.
            await using var command = Command(c, """
                SELECT r.id, r.name, r.model, r.dataset, r.status, r.created_at, MIN(w.row_index)
                FROM rows w JOIN results r ON r.result_key = w.result_key
                WHERE w.digest = @d AND r.workspace = @w AND r.deleted_at IS NULL
                GROUP BY r.result_key, r.id, r.name, r.model, r.dataset, r.status, r.created_at
                ORDER BY r.created_at DESC, r.result_key DESC
                LIMIT @n
                """, ("d", digest), ("w", workspace), ("n", Math.Max(0, limit)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new List<ItemOccurrence>();
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new ItemOccurrence(reader.GetGuid(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3),
                    Enum.Parse<ResultStatus>(reader.GetString(4), ignoreCase: true), reader.GetFieldValue<DateTimeOffset>(5),
                        reader.GetInt64(6)));
            }
            return found;
        }, cancellationToken);
}
