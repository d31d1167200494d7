using System.Data;
using System.Runtime.CompilerServices;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage.Columns;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<ScoreItems> ReadScoreItemsAsync(string workspace, Guid resultId, string? metric, string? score,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // One snapshot for the digests and the values: rows appended to a running result meanwhile are in neither.
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (key, _) = await RequireAsync(connection, workspace, resultId, cancellationToken);
        var keys = await LoadScoreKeysAsync(connection, key, cancellationToken);
        var selected = keys.Where(k => (metric is null || k.Metric == metric) && (score is null || k.Name == score)).ToList();
        if (selected.Count == 0 && metric is not null && score is null)
        {
            selected = keys.Where(k => k.Name == metric).ToList();
        }
        if (selected.Count == 0)
        {
            yield break;
        }
        if (await PostgresColumns.IsColumnarAsync(connection, key, cancellationToken))
        {
            // The column chunks: a few megabytes of blobs per score instead of a tuple per value (a third of the time of
            // the tables below, which a compare of two million-row results cannot afford).
            var rows = await PostgresColumns.LoadRowsAsync(connection, key, cancellationToken);
            if (!IsSorted(rows.Positions))
            {
                rows = rows.Sorted(); // rows appended out of order
            }
            foreach (var scoreKey in selected)
            {
                var column = await PostgresColumns.LoadScoreAsync(connection, key, scoreKey.Id, cancellationToken);
                column.SortByPosition();
                yield return new ScoreItems(scoreKey.Metric, scoreKey.Name, column.Items(rows, scoreKey));
            }
            yield break;
        }
        // A result from before column chunks: the digests are read once for all scores (one pass over the rows in key
        // order), then each score's values in the same order, so finding a value's digest is a step forward.
        var digests = await LoadDigestsAsync(connection, key, cancellationToken);
        foreach (var scoreKey in selected)
        {
            yield return new ScoreItems(
                scoreKey.Metric, scoreKey.Name, await LoadScoreItemsAsync(connection, key, scoreKey, digests, cancellationToken));
        }
    }

    /// <inheritdoc />
    public async Task<ItemColumns?> ReadItemColumnsAsync(string workspace, Guid resultId, string? metric, string? score,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // One snapshot for the digests and the values: rows appended to a running result meanwhile are in neither.
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (key, _) = await RequireAsync(connection, workspace, resultId, cancellationToken);
        if (!await PostgresColumns.IsColumnarAsync(connection, key, cancellationToken))
        {
            return null; // a result from before column chunks: compare joins its ScoreItems instead
        }
        var selected = DigestRows.Select(await LoadScoreKeysAsync(connection, key, cancellationToken), metric, score);
        var rows = new DigestRows();
        if (selected.Count > 0)
        {
            await using var command = Command(connection,
                "SELECT positions, digests FROM row_chunks WHERE result_key = @k ORDER BY chunk", ("k", key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.AppendEncoded(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1));
            }
        }
        var scores = new List<(ScoreKey, ScoreColumn)>(selected.Count);
        foreach (var scoreKey in selected)
        {
            scores.Add((scoreKey, await PostgresColumns.LoadScoreAsync(connection, key, scoreKey.Id, cancellationToken)));
        }
        return rows.Columns(scores);
    }

    private static bool IsSorted(ReadOnlySpan<long> positions)
    {
        for (var i = 1; i < positions.Length; i++)
        {
            if (positions[i - 1] > positions[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Every row's packed position (<see cref="RowPosition"/>) and digest, in position order.</summary>
    private static async Task<(long[] Positions, string[] Digests)> LoadDigestsAsync(NpgsqlConnection connection, long key,
        CancellationToken cancellationToken)
    {
        var count = (long)(
            await ScalarAsync(connection, "SELECT row_count FROM results WHERE result_key = @k", cancellationToken, ("k", key)))!;
        var positions = new List<long>((int)Math.Min(count, Array.MaxLength));
        var digests = new List<string>(positions.Capacity);
        await using var command = Command(connection,
            "SELECT row_index, trial, digest FROM rows WHERE result_key = @k ORDER BY row_index, trial", ("k", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(RowPosition.Pack(reader.GetInt64(0), reader.GetInt32(1)));
            digests.Add(reader.GetString(2));
        }
        return ([.. positions], [.. digests]);
    }

    /// <summary>One score's values in position order, each with its row's digest, as ingested (labels, booleans, NaN).</summary>
    private static async Task<ItemScore[]> LoadScoreItemsAsync(NpgsqlConnection connection, long key, ScoreKey scoreKey,
        (long[] Positions, string[] Digests) rows, CancellationToken cancellationToken)
    {
        var values = new List<ItemScore>(rows.Positions.Length);
        await using var command = Command(connection,
            "SELECT row_index, trial, value, label FROM scores WHERE result_key = @k AND score_id = @s ORDER BY row_index, trial",
            ("k", key), ("s", scoreKey.Id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var at = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowIndex = reader.GetInt64(0);
            var trial = reader.GetInt32(1);
            var position = RowPosition.Pack(rowIndex, trial);
            // Both streams are in position order and every score belongs to a row, so the row is at or after the last one.
            while (rows.Positions[at] < position)
            {
                at++;
            }
            var stored = new StoredScore(
                scoreKey.Id, rowIndex, reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            values.Add(new ItemScore(rows.Digests[at], rowIndex, trial, ResultAggregator.ToValue(stored, scoreKey)));
        }
        return [.. values];
    }
}
