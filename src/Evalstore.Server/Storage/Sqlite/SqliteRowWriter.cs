using System.Runtime.InteropServices;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// Writes one batch of rows of one result inside the caller's transaction with prepared, reused commands: the
/// Microsoft.Data.Sqlite bulk-insert pattern. Items go in once per digest; each score gets a small integer id
/// per result, and the value kinds seen per score are kept for type inference at completion.
/// </summary>
internal sealed class SqliteRowWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly long _resultKey;
    private readonly SqliteCommand _item;
    private readonly SqliteCommand _row;
    private readonly SqliteCommand _score;
    private readonly Dictionary<(string Metric, string Name), ScoreKey> _keys = [];
    private readonly HashSet<int> _changedKinds = [];
    private readonly HashSet<string> _recentDigests = new(StringComparer.Ordinal);

    public SqliteRowWriter(SqliteConnection connection, SqliteTransaction transaction, long resultKey)
    {
        _connection = connection;
        _transaction = transaction;
        _resultKey = resultKey;
        using (var command = SqliteStore.Command(connection, transaction,
            "SELECT score_id, metric, name, kinds FROM score_keys WHERE result_key = $k", ("$k", resultKey)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = new ScoreKey(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
                _keys[(key.Metric, key.Name)] = key;
            }
        }
        _item = Prepare("INSERT INTO items (digest, item) VALUES ($d, $i) ON CONFLICT DO NOTHING", "$d", "$i");
        _row = Prepare("INSERT INTO rows (result_key, row_index, trial, digest, errors, body) VALUES ($k, $r, $t, $d, $e, $b)",
            "$k", "$r", "$t", "$d", "$e", "$b");
        _score = Prepare("INSERT INTO scores (result_key, score_id, row_index, trial, value, label) VALUES ($k, $s, $r, $t, $v, $l)",
            "$k", "$s", "$r", "$t", "$v", "$l");
        _row.Parameters[0].Value = resultKey;
        _score.Parameters[0].Value = resultKey;
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
        _score.Parameters[2].Value = rowIndex;
        _score.Parameters[3].Value = row.Trial;
        foreach (var entry in row.Scores)
        {
            var key = KeyFor(entry);
            _score.Parameters[1].Value = key.Id;
            _score.Parameters[4].Value = entry.Value.HasNumber ? entry.Value.Number : DBNull.Value;
            _score.Parameters[5].Value = (object?)entry.Value.Label ?? DBNull.Value;
            try
            {
                _score.ExecuteNonQuery();
            }
            catch (SqliteException e) when (SqliteStore.IsUniqueViolation(e))
            {
                throw EvalstoreException.BadRequest($"line {row.LineNumber}: score '{entry.Metric}:{entry.Name}' appears twice in the row.")
                    .With("line", row.LineNumber);
            }
        }
    }

    /// <summary>Stores the value kinds seen in this batch.</summary>
    public void Flush()
    {
        foreach (var id in _changedKinds)
        {
            var key = _keys.Values.First(k => k.Id == id);
            SqliteStore.Execute(_connection, _transaction, "UPDATE score_keys SET kinds = $kinds WHERE result_key = $k AND score_id = $s",
                ("$kinds", key.Kinds), ("$k", _resultKey), ("$s", id));
        }
        _changedKinds.Clear();
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
        _score.Dispose();
    }
}
