using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Assembles a models × scores leaderboard from each model's latest completed result and, where known, its per-item
/// values: every column is ranked by <see cref="PairedLeaderboard"/>, and rows follow the ordering column.
/// </summary>
public static class LeaderboardTable
{
    /// <summary>Builds the report.</summary>
    /// <param name="latest">Each model's latest completed result.</param>
    /// <param name="items">Item means by digest of a model's score (model, metric, score name); null when not read.</param>
    /// <param name="orderBy">Column to order by; null takes the first.</param>
    /// <exception cref="EvalstoreException">400 when <paramref name="orderBy"/> names no column.</exception>
    public static LeaderboardReport Build(IReadOnlyDictionary<string, ResultInfo> latest,
        Func<string, string, string, IReadOnlyDictionary<string, double>?> items, string? orderBy)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(items);
        var columns = new List<LeaderboardColumn>();
        foreach (var score in latest.Values.OrderBy(r => r.CreatedAt).SelectMany(r => r.Scores))
        {
            var key = score.Metric == score.Name ? score.Metric : $"{score.Metric}:{score.Name}";
            if (score.Mean is not null && columns.All(c => c.Key != key))
            {
                columns.Add(new LeaderboardColumn(key, score.Metric, score.Name, score.HigherIsBetter));
            }
        }
        orderBy ??= columns.FirstOrDefault()?.Key;
        if (orderBy is not null && columns.All(c => c.Key != orderBy))
        {
            throw EvalstoreException.BadRequest($"No score column '{orderBy}'. Columns: {string.Join(", ", columns.Select(c => c.Key))}.");
        }
        var cells = latest.Keys.ToDictionary(m => m, _ => new Dictionary<string, LeaderboardCell>(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var entries = latest
                .Select(pair => (Model: pair.Key,
                    Score: pair.Value.Scores.FirstOrDefault(s => s.Metric == column.Metric && s.Name == column.Name)))
                .Where(x => x.Score?.Mean is not null)
                .Select(x => (x.Model, x.Score!, Items: new LeaderboardItems(
                    new LeaderboardEntry(x.Model, x.Score!.Mean!.Value, x.Score.CiLow, x.Score.CiHigh, column.HigherIsBetter),
                    items(x.Model, column.Metric, column.Name))))
                .ToList();
            var ranking = PairedLeaderboard.Rank([.. entries.Select(e => e.Items)]);
            var ranks = ranking.Entries.Select(e => e.Rank).Distinct().Order().ToList();
            foreach (var ranked in ranking.Entries)
            {
                var model = ranked.Entry.Model;
                var score = entries.First(e => e.Model == model).Item2;
                cells[model][column.Key] = new LeaderboardCell(ranked.Entry.Mean, score.CiLow, score.CiHigh, ranked.N ?? score.ItemCount,
                    ranked.Rank, ranks.IndexOf(ranked.Rank) + 1, ranking.Entries.Count(e => e.Rank == ranked.Rank) > 1, ranked.SharedShare);
                if (column.Key == orderBy)
                {
                    positions[model] = ranked.Position;
                }
            }
            columns[c] = column with { RankedBy = ranking.Method, Pairs = ranking.Pairs };
        }
        var rows = latest
            .Select(pair => new LeaderboardRow(pair.Key, ResultRef.Of(pair.Value), cells[pair.Key]))
            .OrderBy(row => positions.TryGetValue(row.Model, out var position) ? position : int.MaxValue)
            .ThenBy(row => row.Model, StringComparer.Ordinal)
            .ToList();
        return new LeaderboardReport { Columns = columns, Rows = rows, OrderedBy = orderBy };
    }
}
