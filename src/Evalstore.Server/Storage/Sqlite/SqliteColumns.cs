using Evalstore.Server.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>Reads and writes the score and row column chunks of a result.</summary>
internal static class SqliteColumns
{
    public static void WriteScore(
        SqliteConnection connection, SqliteTransaction transaction, long resultKey, int scoreId, int chunk, ScoreColumn column)
    {
        var (positions, numbers, labels) = column.Encode();
        SqliteStore.Execute(connection, transaction,
            "INSERT INTO score_chunks (result_key, score_id, chunk, positions, numbers, labels) VALUES ($k, $s, $c, $p, $n, $l)",
            ("$k", resultKey), ("$s", scoreId), ("$c", chunk), ("$p", positions), ("$n", numbers), ("$l", labels));
    }

    public static void WriteRows(SqliteConnection connection, SqliteTransaction transaction, long resultKey, int chunk, RowColumn column)
    {
        var (positions, digests) = column.Encode();
        SqliteStore.Execute(
            connection, transaction, "INSERT INTO row_chunks (result_key, chunk, positions, digests) VALUES ($k, $c, $p, $d)",
            ("$k", resultKey), ("$c", chunk), ("$p", positions), ("$d", digests));
    }

    /// <summary>Every chunk of a score, in append order (not sorted).</summary>
    public static ScoreColumn LoadScore(SqliteConnection connection, SqliteTransaction? transaction, long resultKey, int scoreId)
    {
        var column = new ScoreColumn();
        using var command = SqliteStore.Command(connection, transaction,
            "SELECT positions, numbers, labels FROM score_chunks WHERE result_key = $k AND score_id = $s ORDER BY chunk", ("$k", resultKey),
                ("$s", scoreId));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            column.AppendEncoded(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1),
                reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2));
        }
        return column;
    }

    public static RowColumn LoadRows(SqliteConnection connection, SqliteTransaction? transaction, long resultKey)
    {
        var column = new RowColumn();
        using var command = SqliteStore.Command(connection, transaction,
            "SELECT positions, digests FROM row_chunks WHERE result_key = $k ORDER BY chunk", ("$k", resultKey));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            column.AppendEncoded(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1));
        }
        return column;
    }

    /// <summary>Replaces a score's chunks with one sorted chunk (at completion), so later reads are one blob.</summary>
    public static void ReplaceScore(
        SqliteConnection connection, SqliteTransaction transaction, long resultKey, int scoreId, ScoreColumn sorted)
    {
        SqliteStore.Execute(connection, transaction, "DELETE FROM score_chunks WHERE result_key = $k AND score_id = $s", ("$k", resultKey),
            ("$s", scoreId));
        WriteScore(connection, transaction, resultKey, scoreId, 0, sorted);
    }

    public static void ReplaceRows(SqliteConnection connection, SqliteTransaction transaction, long resultKey, RowColumn rows)
    {
        SqliteStore.Execute(connection, transaction, "DELETE FROM row_chunks WHERE result_key = $k", ("$k", resultKey));
        WriteRows(connection, transaction, resultKey, 0, rows);
    }
}
