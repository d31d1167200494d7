using Evalstore.Core.Model;

namespace Evalstore.Core.Stores;

/// <summary>
/// What Evalstore computes from stored results: paired comparisons and leaderboards (and the place for trends). The
/// server implements it once over any store; the HTTP client implements it by asking the server, so the CLI's
/// <c>compare</c> and <c>leaderboard</c> print the same report from a local database or a server. Expected failures are
/// <see cref="EvalstoreException"/>s (404 for an unknown result, 400 for a bad request).
/// </summary>
public interface IEvalAnalysis
{
    /// <summary>Compares a baseline with candidates item by item (joined by row digest), per score, with paired tests.</summary>
    Task<ComparisonReport> CompareAsync(string workspace, CompareRequest request, CancellationToken cancellationToken = default);

    /// <summary>The latest completed result per model, ranked per score, with intervals and tie groups.</summary>
    Task<LeaderboardReport> LeaderboardAsync(string workspace, LeaderboardRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Item analysis over the latest completed result of each model on a dataset: per item, solve rate, failing models,
    /// discrimination and flags (suspect reference, all fail, all pass, unstable), one keyset page at a time.
    /// </summary>
    Task<ItemAnalysisReport> ItemsAsync(string workspace, ItemAnalysisRequest request, CancellationToken cancellationToken = default);
}
