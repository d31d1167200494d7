using System.Buffers;
using System.Runtime.CompilerServices;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string RowSelect = "SELECT r.row_index, r.trial, i.digest, i.item, r.body FROM rows r JOIN items i ON i.id = r.item";

    /// <inheritdoc />
    public async IAsyncEnumerable<RowRecord> ReadRowsAsync(string workspace, Guid resultId, RowQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = Require(connection, null, workspace, resultId);
        var reader = new RowReader();
        if (query.Where.Count == 0 && query.SortBy is null)
        {
            foreach (var row in Scan(connection, key, query, query.Offset, query.Limit, reader, null))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return row;
            }
            yield break;
        }
        // Score conditions and score order are answered from the score columns, then the rows are fetched.
        var keys = LoadScoreKeys(connection, null, key);
        var selection = RowSelection.Select(keys, id => SqliteColumns.LoadScore(connection, null, key, id),
            () => SqliteColumns.LoadRows(connection, null, key).SortedPositions(), query);
        var rows = selection.Ordered || selection.Positions.Length <= 10_000
            ? Fetch(connection, key, selection.Positions, query, reader)
            : Scan(connection, key, query, query.Offset, query.Limit, reader, selection.Positions);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <summary>Rows in position order; with <paramref name="only"/>, just the positions it holds (sorted).</summary>
    private static IEnumerable<RowRecord> Scan(
        SqliteConnection connection, long key, RowQuery query, long offset, long? limit, RowReader reader, long[]? only)
    {
        var parameters = new List<(string, object?)> { ("$k", key) };
        var where = "r.result_key = $k" + RowWhere(query, parameters);
        var page = "";
        if (only is null && offset > 0)
        {
            // Skip on the position index alone, then join from there: OFFSET on the joined select would read and join
            // every skipped row (seconds for the last page of a million-row result).
            where +=
                $" AND (r.row_index, r.trial) >= (SELECT r.row_index, r.trial FROM rows r WHERE {where} ORDER BY r.row_index, r.trial " +
                $"LIMIT 1 OFFSET {offset})";
        }
        if (only is null && limit is { } l)
        {
            page = $"LIMIT {l}";
        }
        using var command = Command(connection, null, $"{RowSelect} WHERE {where} ORDER BY r.row_index, r.trial {page}", [.. parameters]);
        using var rows = command.ExecuteReader();
        long skipped = 0;
        long returned = 0;
        while (rows.Read())
        {
            if (only is not null)
            {
                if (only.AsSpan().BinarySearch(RowPosition.Pack(rows.GetInt64(0), rows.GetInt32(1))) < 0 || skipped++ < offset)
                {
                    continue;
                }
                if (limit is { } max && returned >= max)
                {
                    yield break;
                }
            }
            returned++;
            yield return reader.Read(rows);
        }
    }

    /// <summary>Rows at the given positions, in the given order (point lookups on the row key).</summary>
    private static IEnumerable<RowRecord> Fetch(SqliteConnection connection, long key, long[] positions, RowQuery query, RowReader reader)
    {
        var parameters = new List<(string, object?)> { ("$k", key), ("$r", 0L), ("$t", 0) };
        using var command = Command(connection, null,
            $"{RowSelect} WHERE r.result_key = $k AND r.row_index = $r AND r.trial = " +
                $"$t{RowWhere(query with { Trial = null, FromRow = null, ToRow = null }, parameters)}",
            [.. parameters]);
        command.Prepare();
        long skipped = 0;
        long returned = 0;
        foreach (var position in positions)
        {
            if (query.Limit is { } max && returned >= max)
            {
                yield break;
            }
            command.Parameters["$r"].Value = RowPosition.RowIndex(position);
            command.Parameters["$t"].Value = RowPosition.Trial(position);
            using var rows = command.ExecuteReader();
            if (!rows.Read() || skipped++ < query.Offset)
            {
                continue;
            }
            returned++;
            yield return reader.Read(rows);
        }
    }

    private static string RowWhere(RowQuery query, List<(string, object?)> parameters)
    {
        var where = "";
        if (query.Trial is { } trial)
        {
            where += " AND r.trial = $trial";
            parameters.Add(("$trial", trial));
        }
        if (query.FromRow is { } from)
        {
            where += " AND r.row_index >= $from";
            parameters.Add(("$from", from));
        }
        if (query.ToRow is { } to)
        {
            where += " AND r.row_index <= $to";
            parameters.Add(("$to", to));
        }
        return query.ErroredOnly ? where + " AND r.errors > 0" : where;
    }

    internal static List<ScoreKey> LoadScoreKeys(SqliteConnection connection, SqliteTransaction? transaction, long key)
    {
        var keys = new List<ScoreKey>();
        using var command = Command(connection, transaction,
            "SELECT score_id, metric, name, kinds FROM score_keys WHERE result_key = $k ORDER BY score_id", ("$k", key));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(new ScoreKey(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }
        return keys;
    }

    /// <summary>Assembles row lines from a reader into one reused buffer.</summary>
    private sealed class RowReader
    {
        private readonly ArrayBufferWriter<byte> _line = new(4096);

        public RowRecord Read(SqliteDataReader rows)
        {
            var rowIndex = rows.GetInt64(0);
            var trial = rows.GetInt32(1);
            var digest = rows.GetString(2);
            _line.ResetWrittenCount();
            // GetFieldValue<byte[]> copies the blob once; GetBytes would open a blob stream per call, several times slower.
            RowLine.Write(_line, rowIndex, trial, digest, rows.GetFieldValue<byte[]>(3), rows.GetFieldValue<byte[]>(4));
            return new RowRecord(rowIndex, trial, digest, _line.WrittenSpan.ToArray());
        }
    }
}
