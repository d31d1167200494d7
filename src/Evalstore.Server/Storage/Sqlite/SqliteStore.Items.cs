using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ItemOccurrence>> FindItemOccurrencesAsync(string workspace, string digest, int limit,
        CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ItemOccurrence>>(c =>
        {
            if (SqliteItems.Find(c, null, digest) is not { } item)
            {
                return [];
            }
            // rows_item (item, result_key) finds the rows; the join keeps live results of this workspace only.
            using var command = Command(c, null, """
                SELECT r.id, r.name, r.model, r.dataset, r.status, r.created_at, MIN(w.row_index)
                FROM rows w JOIN results r ON r.result_key = w.result_key
                WHERE w.item = $i AND r.workspace = $w AND r.deleted_at IS NULL
                GROUP BY r.result_key
                ORDER BY r.created_at DESC, r.result_key DESC
                LIMIT $n
                """, ("$i", item), ("$w", workspace), ("$n", Math.Max(0, limit)));
            using var reader = command.ExecuteReader();
            var found = new List<ItemOccurrence>();
            while (reader.Read())
            {
                found.Add(new ItemOccurrence(
                    Guid.Parse(reader.GetString(0)), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3),
                    Enum.Parse<ResultStatus>(reader.GetString(4), ignoreCase: true), Timestamps.Parse(reader.GetString(5)),
                        reader.GetInt64(6)));
            }
            return found;
        }, cancellationToken);
}
