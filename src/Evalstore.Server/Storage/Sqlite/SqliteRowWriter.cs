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
    private readonly SqliteItems _items;
    private readonly RawStatement _row;
    private readonly ScoreKeyRegistry _keys = new();
    private readonly Dictionary<int, ScoreColumn> _columns = [];
    private readonly RowColumn _rows = new();

    public SqliteRowWriter(SqliteConnection connection, SqliteTransaction transaction, long resultKey)
    {
        _connection = connection;
        _transaction = transaction;
        _resultKey = resultKey;
        foreach (var key in SqliteStore.LoadScoreKeys(connection, transaction, resultKey))
        {
            _keys.Load(key);
        }
        _items = new SqliteItems(connection);
        _row = new RawStatement(
            connection, "INSERT INTO rows (result_key, row_index, trial, item, errors, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    }

    public void Write(IngestRow row, string resultName)
    {
        var rowIndex = row.RowIndex!.Value;
        var item = _items.Resolve(row.Digest, row.Item.Span);
        try
        {
            _row.Bind(1, _resultKey).Bind(2, rowIndex).Bind(3, row.Trial).Bind(4, item).Bind(5, row.ErrorCount).Bind(
                6, row.Body.Span).Execute();
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
        foreach (var id in _keys.ChangedKinds)
        {
            var key = _keys.Current(id);
            SqliteStore.Execute(_connection, _transaction, "UPDATE score_keys SET kinds = $kinds WHERE result_key = $k AND score_id = $s",
                ("$kinds", key.Kinds), ("$k", _resultKey), ("$s", id));
        }
    }

    private ScoreKey KeyFor(RowScoreEntry entry)
    {
        var key = _keys.For(entry, out var isNew);
        if (isNew)
        {
            SqliteStore.Execute(_connection, _transaction,
                "INSERT INTO score_keys (result_key, score_id, metric, name, kinds) VALUES ($k, $s, $m, $n, $kinds)",
                ("$k", _resultKey), ("$s", key.Id), ("$m", key.Metric), ("$n", key.Name), ("$kinds", key.Kinds));
        }
        return key;
    }

    public void Dispose()
    {
        _items.Dispose();
        _row.Dispose();
    }
}
