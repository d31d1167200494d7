using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Builds a models × scores table from the latest completed result of each model that matches the request, ranking
/// each column with <see cref="Leaderboard.Rank"/> so that models whose intervals overlap share a rank.
/// </summary>
internal static class Leaderboards
{
    private const int MaxResults = 10_000;

    public static async Task<LeaderboardReport> BuildAsync(
        IServerStore store, string workspace, LeaderboardRequest request, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ResultInfo>(StringComparer.Ordinal);
        var filter = Filter(request);
        for (var page = 1; page * ResultQuery.MaxPageSize <= MaxResults + ResultQuery.MaxPageSize; page++)
        {
            var results = await store.ListResultsAsync(
                workspace, new ResultQuery { Filter = filter, Sort = "-created_at", Page = page, PageSize = ResultQuery.MaxPageSize },
                    cancellationToken);
            foreach (var result in results.Data)
            {
                // Newest first: the first completed result seen for a model is its latest.
                latest.TryAdd(result.Model ?? "(no model)", result);
            }
            if (page >= results.TotalPages)
            {
                break;
            }
        }
        var columns = new List<LeaderboardColumn>();
        foreach (var score in latest.Values.OrderBy(r => r.CreatedAt).SelectMany(r => r.Scores))
        {
            var key = score.Metric == score.Name ? score.Metric : $"{score.Metric}:{score.Name}";
            if (score.Mean is not null && columns.All(c => c.Key != key))
            {
                columns.Add(new LeaderboardColumn(key, score.Metric, score.Name, score.HigherIsBetter));
            }
        }
        var cells = latest.Keys.ToDictionary(
            m => m, _ => new Dictionary<string, LeaderboardCell>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var entries = latest
                .Select(pair
                    => (Model: pair.Key, Score: pair.Value.Scores.FirstOrDefault(s => s.Metric == column.Metric && s.Name == column.Name)))
                .Where(x => x.Score?.Mean is not null)
                .ToDictionary(x => x.Model, x => x.Score!, StringComparer.Ordinal);
            var ranked = Leaderboard.Rank(entries.Select(
                e => new LeaderboardEntry(e.Key, e.Value.Mean!.Value, e.Value.CiLow, e.Value.CiHigh, column.HigherIsBetter)).ToList());
            var groupSizes = ranked.GroupBy(r => r.TieGroup).ToDictionary(g => g.Key, g => g.Count());
            foreach (var entry in ranked)
            {
                var score = entries[entry.Entry.Model];
                cells[entry.Entry.Model][column.Key] = new LeaderboardCell(entry.Entry.Mean, score.CiLow, score.CiHigh, score.ItemCount,
                    entry.Rank, entry.TieGroup, groupSizes[entry.TieGroup] > 1);
            }
        }
        var orderBy = request.OrderBy ?? columns.FirstOrDefault()?.Key;
        if (orderBy is not null && columns.All(c => c.Key != orderBy))
        {
            throw EvalstoreException.BadRequest($"No score column '{orderBy}'. Columns: {string.Join(", ", columns.Select(c => c.Key))}.");
        }
        var rows = latest
            .Select(pair => new LeaderboardRow(pair.Key, ResultRef.Of(pair.Value), cells[pair.Key]))
            .OrderBy(row => orderBy is not null && row.Cells.TryGetValue(orderBy, out var cell) ? cell.Rank : int.MaxValue)
            .ThenBy(row => orderBy is not null && row.Cells.TryGetValue(orderBy, out var cell)
                ? (columns.First(c => c.Key == orderBy).HigherIsBetter ? -cell.Mean : cell.Mean) : 0)
            .ThenBy(row => row.Model, StringComparer.Ordinal)
            .ToList();
        return new LeaderboardReport { Columns = columns, Rows = rows, OrderedBy = orderBy };
    }

    private static FilterExpr Filter(LeaderboardRequest request)
    {
        var terms = new List<FilterExpr> { new FieldFilter("status", FilterOperator.Eq, ["completed"]) };
        void Add(string field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                terms.Add(new FieldFilter(field, FilterOperator.Eq, [value]));
            }
        }
        Add("benchmark", request.Benchmark);
        Add("dataset", request.Dataset);
        Add("metric", request.MetricRef);
        Add("project", request.Project);
        return new AndFilter(terms);
    }
}
