using Evalstore.Server.Storage.Columns;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// Reads and writes a result's column chunks (migration 005), in the layout SQLite uses (<see cref="ScoreColumn"/>,
/// <see cref="RowColumn"/>). Only results whose <c>columnar</c> flag is set have them.
/// </summary>
internal static class PostgresColumns
{
    /// <summary>Writes one chunk: the rows' positions and digests, and each score's values, in two statements.</summary>
    public static async Task WriteChunkAsync(NpgsqlConnection connection, long resultKey, int chunk, RowColumn rows,
        IReadOnlyDictionary<int, ScoreColumn> scores, CancellationToken cancellationToken)
    {
        var (positions, digests) = rows.Encode();
        await PostgresStore.ExecuteAsync(
            connection, "INSERT INTO row_chunks (result_key, chunk, positions, digests) VALUES (@k, @c, @p, @d)",
            cancellationToken, ("k", resultKey), ("c", chunk), ("p", positions), ("d", digests));
        var written = scores.Where(s => s.Value.Count > 0).Select(s => (Id: s.Key, Parts: s.Value.Encode())).ToList();
        if (written.Count == 0)
        {
            return;
        }
        await PostgresStore.ExecuteAsync(connection, """
            INSERT INTO score_chunks (result_key, score_id, chunk, positions, numbers, labels)
            SELECT @k, u.id, @c, u.positions, u.numbers, u.labels
            FROM unnest(@ids, @positions, @numbers, @labels) AS u(id, positions, numbers, labels)
            """, cancellationToken, ("k", resultKey), ("c", chunk), ("ids", written.Select(w => w.Id).ToArray()),
            ("positions", written.Select(w => w.Parts.Positions).ToArray()), ("numbers", written.Select(w => w.Parts.Numbers).ToArray()),
            ("labels", written.Select(w => w.Parts.Labels).ToArray()));
    }

    /// <summary>Every chunk of a score, in chunk order (sorted by position only if the rows were appended in order).</summary>
    public static async Task<ScoreColumn> LoadScoreAsync(
        NpgsqlConnection connection, long resultKey, int scoreId, CancellationToken cancellationToken)
    {
        var column = new ScoreColumn();
        await using var command = PostgresStore.Command(connection,
            "SELECT positions, numbers, labels FROM score_chunks WHERE result_key = @k AND score_id = @s ORDER BY chunk", ("k", resultKey),
                ("s", scoreId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            column.AppendEncoded(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1),
                reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2));
        }
        return column;
    }

    /// <summary>Every row's position and digest, in chunk order.</summary>
    public static async Task<RowColumn> LoadRowsAsync(NpgsqlConnection connection, long resultKey, CancellationToken cancellationToken)
    {
        var column = new RowColumn();
        await using var command = PostgresStore.Command(connection,
            "SELECT positions, digests FROM row_chunks WHERE result_key = @k ORDER BY chunk", ("k", resultKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            column.AppendEncoded(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1));
        }
        return column;
    }

    /// <summary>True when the result's rows and scores are (also) kept as column chunks.</summary>
    public static async Task<bool> IsColumnarAsync(NpgsqlConnection connection, long resultKey, CancellationToken cancellationToken) =>
        (bool)(await PostgresStore.ScalarAsync(
            connection, "SELECT columnar FROM results WHERE result_key = @k", cancellationToken, ("k", resultKey)))!;
}
