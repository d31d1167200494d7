using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Npgsql;
using NpgsqlTypes;

namespace Evalstore.Server.Storage.Postgres;

internal sealed partial class PostgresRowWriter
{
    /// <summary>Fills <see cref="_rowScoreIds"/> with the row's score ids; false when a score appears twice in the row.</summary>
    private bool ResolveScores(IngestRow row)
    {
        _rowScoreIds.Clear();
        foreach (var entry in row.Scores)
        {
            var id = KeyFor(entry).Id;
            if (_rowScoreIds.Contains(id))
            {
                return false;
            }
            _rowScoreIds.Add(id);
        }
        return true;
    }

    private ScoreKey KeyFor(RowScoreEntry entry)
    {
        var key = _keys.For(entry, out var isNew);
        if (isNew)
        {
            _newKeys.Add(key);
        }
        return key;
    }

    private async Task InsertNewKeysAsync(CancellationToken cancellationToken)
    {
        if (_newKeys.Count == 0)
        {
            return;
        }
        // Kinds of a new key may have grown since it was found; the current value goes in.
        var keys = _newKeys.Select(k => _keys.Current(k.Id)).ToList();
        await PostgresStore.ExecuteAsync(_connection, """
            INSERT INTO score_keys (result_key, score_id, metric, name, kinds)
            SELECT @k, u.id, u.metric, u.name, u.kinds FROM unnest(@ids, @metrics, @names, @kinds) AS u(id, metric, name, kinds)
            """, cancellationToken, ("k", _resultKey), ("ids", keys.Select(k => k.Id).ToArray()),
            ("metrics", keys.Select(k => k.Metric).ToArray()), ("names", keys.Select(k => k.Name).ToArray()),
            ("kinds", keys.Select(k => k.Kinds).ToArray()));
        foreach (var key in _newKeys)
        {
            _keys.ChangedKinds.Remove(key.Id);
        }
        _newKeys.Clear();
    }

    /// <summary>
    /// Copies the chunk's scores score by score, each in row order: completion reads them back in exactly that order
    /// (score, row, trial), so its index scan then walks the table in long sequential runs.
    /// </summary>
    private async Task CopyScoresAsync(CancellationToken cancellationToken)
    {
        if (_scores.All(s => s.Count == 0))
        {
            return;
        }
        await using (var copy = await _connection.BeginBinaryImportAsync(
            "COPY scores (result_key, score_id, row_index, trial, value, label) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var index = 0; index < _scores.Count; index++)
            {
                foreach (var score in _scores[index])
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(_resultKey, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(index + 1, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(score.RowIndex, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(score.Trial, NpgsqlDbType.Integer, cancellationToken);
                    if (score.Value is { } value)
                    {
                        await copy.WriteAsync(value, NpgsqlDbType.Double, cancellationToken);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    if (score.Label is { } label)
                    {
                        await copy.WriteAsync(label, NpgsqlDbType.Text, cancellationToken);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        _scores.ForEach(s => s.Clear());
    }

    /// <summary>Inserts items in their own short transaction on the side connection, in digest order.</summary>
    private async Task InsertItemsAsync(List<(string Digest, byte[] Item)> items, CancellationToken cancellationToken)
    {
        items.Sort((a, b) => string.CompareOrdinal(a.Digest, b.Digest));
        var side = await SideAsync(cancellationToken);
        await PostgresStore.ExecuteAsync(side, """
            INSERT INTO items (digest, item)
            SELECT u.digest, u.item FROM unnest(@digests, @items) AS u(digest, item)
            ORDER BY u.digest COLLATE "C"
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("digests", items.Select(i => i.Digest).ToArray()), ("items", items.Select(i => i.Item).ToArray()));
    }

    /// <summary>
    /// Throws a 409 naming the first remembered row (of the current chunk, below the stored indexes) that is already
    /// stored. Runs on the side connection: it sees the stored rows and not this batch's, and this transaction still
    /// holds the result's lock, so no other writer can have added any.
    /// </summary>
    private async Task ThrowIfAnyStoredAsync(CancellationToken cancellationToken)
    {
        if (_belowStored.Count == 0)
        {
            return;
        }
        await _itemWrite;
        var side = await SideAsync(cancellationToken);
        await using var command = PostgresStore.Command(side, """
            SELECT u.row_index, u.trial, u.line FROM unnest(@rows, @trials, @lines) AS u(row_index, trial, line)
            WHERE EXISTS (SELECT 1 FROM rows r WHERE r.result_key = @k AND r.row_index = u.row_index AND r.trial = u.trial)
            ORDER BY u.line LIMIT 1
            """, ("rows", _belowStored.Select(r => r.RowIndex).ToArray()), ("trials", _belowStored.Select(r => r.Trial).ToArray()),
            ("lines", _belowStored.Select(r => r.Line).ToArray()), ("k", _resultKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw Duplicate(reader.GetInt64(2), reader.GetInt64(0), reader.GetInt32(1));
        }
    }

    /// <summary>How many of these row indexes no stored row has (on the side connection, which sees only stored rows).</summary>
    private async Task<long> CountUnstoredAsync(List<long> rowIndexes, CancellationToken cancellationToken)
    {
        if (rowIndexes.Count == 0)
        {
            return 0;
        }
        await _itemWrite;
        var side = await SideAsync(cancellationToken);
        return (long)(await PostgresStore.ScalarAsync(side, """
            SELECT count(*) FROM unnest(@rows) AS u(row_index)
            WHERE NOT EXISTS (SELECT 1 FROM rows r WHERE r.result_key = @k AND r.row_index = u.row_index)
            """, cancellationToken, ("rows", rowIndexes.ToArray()), ("k", _resultKey)))!;
    }

    private async Task<NpgsqlConnection> SideAsync(CancellationToken cancellationToken) =>
        _side ??= await _store.OpenSideConnectionAsync(cancellationToken);
}
