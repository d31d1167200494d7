using System.Runtime.CompilerServices;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Analysis;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<ComparisonReport> CompareAsync(string workspace, CompareRequest request, CancellationToken cancellationToken = default) =>
        Comparisons.CompareAsync(this, workspace, request, cancellationToken);

    /// <inheritdoc />
    public Task<LeaderboardReport> LeaderboardAsync(string workspace, LeaderboardRequest request, CancellationToken cancellationToken = default) =>
        Leaderboards.BuildAsync(this, workspace, request, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ScoreItems> ReadScoreItemsAsync(string workspace, Guid resultId, string? metric, string? score,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = Require(connection, null, workspace, resultId);
        var keys = new List<ScoreKey>();
        using (var command = Command(connection, null, "SELECT score_id, metric, name, kinds FROM score_keys WHERE result_key = $k ORDER BY score_id", ("$k", key)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                keys.Add(new ScoreKey(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }
        var selected = keys.Where(k => (metric is null || k.Metric == metric) && (score is null || k.Name == score)).ToList();
        if (selected.Count == 0 && metric is not null && score is null)
        {
            selected = keys.Where(k => k.Name == metric).ToList();
        }
        foreach (var scoreKey in selected)
        {
            var values = new List<ItemScore>();
            using var command = Command(connection, null, """
                SELECT s.row_index, s.trial, r.digest, s.value, s.label
                FROM scores s JOIN rows r ON r.result_key = s.result_key AND r.row_index = s.row_index AND r.trial = s.trial
                WHERE s.result_key = $k AND s.score_id = $s
                ORDER BY s.row_index, s.trial
                """, ("$k", key), ("$s", scoreKey.Id));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var stored = new StoredScore(scoreKey.Id, reader.GetInt64(0), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4));
                values.Add(new ItemScore(reader.GetString(2), stored.RowIndex, reader.GetInt32(1), ResultAggregator.ToValue(stored, scoreKey)));
            }
            yield return new ScoreItems(scoreKey.Metric, scoreKey.Name, values);
        }
    }
}
