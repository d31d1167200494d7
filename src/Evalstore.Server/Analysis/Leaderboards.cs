using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Builds a models × scores table from the latest completed result of each model that matches the request, ranking
/// each column by paired tests over the items the models share (<see cref="LeaderboardTable"/>).
/// </summary>
internal static class Leaderboards
{
    private const long MaxPairedRows = 2_000_000;

    public static async Task<LeaderboardReport> BuildAsync(
        IServerStore store, string workspace, LeaderboardRequest request, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ResultInfo>(StringComparer.Ordinal);
        foreach (var result in await LatestAsync(store, workspace, request, cancellationToken))
        {
            latest.TryAdd(result.Model ?? "(no model)", result);
        }
        // Per-item values let the ranks come from paired tests; a result too large to hold in memory keeps the interval screen.
        var items = new Dictionary<(string Model, string Metric, string Name), IReadOnlyDictionary<string, double>>();
        foreach (var (model, result) in latest)
        {
            if (result.RowCount > MaxPairedRows)
            {
                continue;
            }
            await foreach (var score in store.ReadScoreItemsAsync(workspace, result.Id, null, null, cancellationToken))
            {
                items[(model, score.Metric, score.Name)] = PairedLeaderboard.ItemMeans(score.Values);
            }
        }
        return LeaderboardTable.Build(latest, (model, metric, name) => items.GetValueOrDefault((model, metric, name)), request.OrderBy);
    }

    /// <summary>
    /// The latest completed result per model: for one dataset or one benchmark alone (every leaderboard the UI links), the
    /// summary the store maintains, one row per model; for narrower requests one window over the
    /// (workspace, dataset|benchmark, status, model, created_at) index.
    /// </summary>
    private static Task<IReadOnlyList<ResultInfo>> LatestAsync(IServerStore store, string workspace, LeaderboardRequest request,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.MetricRef) && string.IsNullOrEmpty(request.Project))
        {
            if (!string.IsNullOrEmpty(request.Dataset) && string.IsNullOrEmpty(request.Benchmark))
            {
                return store.LatestCompletedPerModelAsync(workspace, LatestScope.Dataset, request.Dataset, cancellationToken);
            }
            if (!string.IsNullOrEmpty(request.Benchmark) && string.IsNullOrEmpty(request.Dataset))
            {
                return store.LatestCompletedPerModelAsync(workspace, LatestScope.Benchmark, request.Benchmark, cancellationToken);
            }
        }
        return store.LatestPerModelAsync(workspace, Filter(request), cancellationToken);
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
