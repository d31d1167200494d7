using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Columns;

/// <summary>
/// Answers a row query's score conditions and score order from score columns: the positions that satisfy every
/// condition (a condition holds when any score it covers has a matching number; NaN never matches), in position
/// order or in the order of one score (NaN and missing values last).
/// </summary>
internal sealed record RowSelection(long[] Positions, bool Ordered)
{
    public static RowSelection Select(
        IReadOnlyList<ScoreKey> keys, Func<int, ScoreColumn> loadScore, Func<long[]> allPositions, RowQuery query)
    {
        var cache = new Dictionary<int, ScoreColumn>();
        ScoreColumn Column(int id)
        {
            if (!cache.TryGetValue(id, out var column))
            {
                cache[id] = column = loadScore(id);
                column.SortByPosition();
            }
            return column;
        }

        long[]? matching = null;
        foreach (var condition in query.Where)
        {
            var hits = new List<long>();
            foreach (var id in Ids(keys, condition.Metric, condition.Score, condition.ToString()))
            {
                var column = Column(id);
                for (var i = 0; i < column.Count; i++)
                {
                    if (condition.Matches(column.Numbers[i]))
                    {
                        hits.Add(column.Positions[i]);
                    }
                }
            }
            var set = hits.Distinct().Order().ToArray();
            matching = matching is null ? set : matching.Intersect(set).ToArray();
        }
        var positions = (matching ?? allPositions()).Where(p => Keep(p, query)).ToArray();
        if (query.SortBy is not { } sortBy)
        {
            return new RowSelection(positions, Ordered: false);
        }
        var colon = sortBy.LastIndexOf(':');
        var sortId = (colon > 0 ? Ids(keys, sortBy[..colon], sortBy[(colon + 1)..], sortBy) : Ids(keys, sortBy, null, sortBy))[0];
        var sortColumn = Column(sortId);
        var values = positions.Select(p => sortColumn.IndexOf(p) is var i and >= 0 ? sortColumn.Numbers[i] : double.NaN).ToArray();
        var order = Enumerable.Range(0, positions.Length).ToArray();
        var descending = query.Descending;
        Array.Sort(order, (x, y) =>
        {
            var (a, b) = (values[x], values[y]);
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                return double.IsNaN(a) == double.IsNaN(b) ? positions[x].CompareTo(positions[y]) : double.IsNaN(a) ? 1 : -1;
            }
            var compared = descending ? b.CompareTo(a) : a.CompareTo(b);
            return compared != 0 ? compared : positions[x].CompareTo(positions[y]);
        });
        return new RowSelection(order.Select(i => positions[i]).ToArray(), Ordered: true);
    }

    private static bool Keep(long position, RowQuery query)
    {
        var row = RowPosition.RowIndex(position);
        return (query.Trial is not { } trial || RowPosition.Trial(position) == trial)
            && (query.FromRow is not { } from || row >= from)
            && (query.ToRow is not { } to || row <= to);
    }

    /// <summary>Score ids a condition key names: <c>metric</c>, <c>metric:score</c>, a bare score name, or any (null).</summary>
    public static List<int> Ids(IReadOnlyList<ScoreKey> keys, string? metric, string? score, string shown)
    {
        var ids = keys.Where(k => (metric is null || k.Metric == metric) && (score is null || k.Name == score)).Select(k => k.Id).ToList();
        if (ids.Count == 0 && metric is not null && score is null)
        {
            ids = keys.Where(k => k.Name == metric).Select(k => k.Id).ToList();
        }
        if (ids.Count == 0 && metric is not null)
        {
            throw EvalstoreException.BadRequest(
                $"'{shown}': this result has no such score. Scores: " +
                    $"{string.Join(", ", keys.Select(k => k.Metric == k.Name ? k.Metric : $"{k.Metric}:{k.Name}"))}.");
        }
        return ids;
    }
}
