using System.Runtime.CompilerServices;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage.Columns;

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
}
