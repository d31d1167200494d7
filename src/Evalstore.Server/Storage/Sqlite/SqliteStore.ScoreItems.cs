using System.Runtime.CompilerServices;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage.Columns;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<ScoreItems> ReadScoreItemsAsync(string workspace, Guid resultId, string? metric, string? score,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = Require(connection, null, workspace, resultId);
        var keys = LoadScoreKeys(connection, null, key);
        var selected = keys.Where(k => (metric is null || k.Metric == metric) && (score is null || k.Name == score)).ToList();
        if (selected.Count == 0 && metric is not null && score is null)
        {
            selected = keys.Where(k => k.Name == metric).ToList();
        }
        if (selected.Count == 0)
        {
            yield break;
        }
        var rows = SqliteColumns.LoadRows(connection, null, key);
        if (!rows.IsSorted())
        {
            rows = rows.Sorted();
        }
        foreach (var scoreKey in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var column = SqliteColumns.LoadScore(connection, null, key, scoreKey.Id);
            column.SortByPosition();
            yield return new ScoreItems(scoreKey.Metric, scoreKey.Name, column.Items(rows, scoreKey));
        }
    }

    /// <inheritdoc />
    public async Task<ItemColumns?> ReadItemColumnsAsync(string workspace, Guid resultId, string? metric, string? score,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // One deferred (read) transaction: rows appended to a running result meanwhile are in neither the digests nor the values.
        using var snapshot = connection.BeginTransaction(deferred: true);
        var (key, _) = Require(connection, snapshot, workspace, resultId);
        var selected = DigestRows.Select(LoadScoreKeys(connection, snapshot, key), metric, score);
        var rows = new DigestRows();
        if (selected.Count > 0)
        {
            using var command = Command(connection, snapshot,
                "SELECT positions, digests FROM row_chunks WHERE result_key = $k ORDER BY chunk", ("$k", key));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.AppendEncoded(reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1));
            }
        }
        var scores = new List<(ScoreKey, ScoreColumn)>(selected.Count);
        foreach (var scoreKey in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scores.Add((scoreKey, SqliteColumns.LoadScore(connection, snapshot, key, scoreKey.Id)));
        }
        return rows.Columns(scores);
    }
}
