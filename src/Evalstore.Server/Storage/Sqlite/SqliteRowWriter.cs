using System.Runtime.InteropServices;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// Writes one batch of rows of one result inside the caller's transaction with prepared, reused commands (the
/// Microsoft.Data.Sqlite bulk-insert pattern). Items go in once per digest; rows one by one; score values are
/// collected into one column chunk per score and written once per batch by <see cref="Flush"/>.
/// </summary>
internal sealed class SqliteRowWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly long _resultKey;
    private readonly SqliteCommand _item;
    private readonly SqliteCommand _row;
    private readonly Dictionary<(string Metric, string Name), ScoreKey> _keys = [];
    private readonly Dictionary<int, ScoreColumn> _columns = [];
    private readonly RowColumn _rows = new();
    private readonly HashSet<int> _changedKinds = [];
    private readonly HashSet<string> _recentDigests = new(StringComparer.Ordinal);

    public SqliteRowWriter(SqliteConnection connection, SqliteTransaction transaction, long resultKey)
    {
        _connection = connection;
        _transaction = transaction;
        _resultKey = resultKey;
        foreach (var key in SqliteStore.LoadScoreKeys(connection, transaction, resultKey))
        {
            _keys[(key.Metric, key.Name)] = key;
        }
        _item = Prepare("INSERT INTO items (digest, item) VALUES ($d, $i) ON CONFLICT DO NOTHING", "$d", "$i");
        _row = Prepare("INSERT INTO rows (result_key, row_index, trial, digest, errors, body) VALUES ($k, $r, $t, $d, $e, $b)",
            "$k", "$r", "$t", "$d", "$e", "$b");
        _row.Parameters[0].Value = resultKey;
    }

    public void Write(IngestRow row, string resultName)
    {
        var rowIndex = row.RowIndex!.Value;
        // Trials of one item share a digest; skip the redundant insert while the digest is fresh.
        if (_recentDigests.Add(row.Digest))
        {
            if (_recentDigests.Count > 4096)
            {
                _recentDigests.Clear();
            }
            _item.Parameters[0].Value = row.Digest;
            _item.Parameters[1].Value = Array(row.Item);
            _item.ExecuteNonQuery();
        }
        _row.Parameters[1].Value = rowIndex;
        _row.Parameters[2].Value = row.Trial;
        _row.Parameters[3].Value = row.Digest;
        _row.Parameters[4].Value = row.ErrorCount;
        _row.Parameters[5].Value = Array(row.Body);
        try
        {
            _row.ExecuteNonQuery();
        }
        catch (SqliteException e) when (SqliteStore.IsUniqueViolation(e))
        {
            throw EvalstoreException.Conflict(
                $"line {row.LineNumber}: row_index {rowIndex} trial {row.Trial} is already stored in result '{resultName}'.")
                .With("line", row.LineNumber);
        }
        var position = RowPosition.Pack(rowIndex, row.Trial);
        _rows.Add(position, row.Digest);
        foreach (var entry in row.Scores)
        {
            var key = KeyFor(entry);
            if (!_columns.TryGetValue(key.Id, out var column))
            {
                _columns[key.Id] = column = new ScoreColumn();
            }
            column.Add(position, entry.Value);
        }
    }

    /// <summary>Writes this batch's column chunks and the value kinds seen.</summary>
    public void Flush(int chunk)
    {
        foreach (var (scoreId, column) in _columns)
        {
            SqliteColumns.WriteScore(_connection, _transaction, _resultKey, scoreId, chunk, column);
        }
        if (_rows.Count > 0)
        {
            SqliteColumns.WriteRows(_connection, _transaction, _resultKey, chunk, _rows);
        }
        foreach (var id in _changedKinds)
        {
            var key = _keys.Values.First(k => k.Id == id);
            SqliteStore.Execute(_connection, _transaction, "UPDATE score_keys SET kinds = $kinds WHERE result_key = $k AND score_id = $s",
                ("$kinds", key.Kinds), ("$k", _resultKey), ("$s", id));
        }
    }

    private ScoreKey KeyFor(RowScoreEntry entry)
    {
        var bit = ScoreKey.Bit(entry.Value.Kind);
        if (_keys.TryGetValue((entry.Metric, entry.Name), out var key))
        {
            if ((key.Kinds & bit) == 0)
            {
                key = key with { Kinds = key.Kinds | bit };
                _keys[(entry.Metric, entry.Name)] = key;
                _changedKinds.Add(key.Id);
            }
            return key;
        }
        key = new ScoreKey(_keys.Count + 1, entry.Metric, entry.Name, bit);
        SqliteStore.Execute(_connection, _transaction,
            "INSERT INTO score_keys (result_key, score_id, metric, name, kinds) VALUES ($k, $s, $m, $n, $kinds)",
            ("$k", _resultKey), ("$s", key.Id), ("$m", key.Metric), ("$n", key.Name), ("$kinds", key.Kinds));
        _keys[(entry.Metric, entry.Name)] = key;
        return key;
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = SqliteStore.Command(_connection, _transaction, sql);
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private static byte[] Array(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    public void Dispose()
    {
        _item.Dispose();
        _row.Dispose();
    }
}
