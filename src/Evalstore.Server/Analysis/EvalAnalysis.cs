using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// The one implementation of <see cref="IEvalAnalysis"/>, over any database store: it reads results, rows and score
/// columns through <see cref="IServerStore"/> and computes here, so the stores hold data only. The server's endpoints,
/// its web UI and the CLI on a local database all use it; the HTTP client answers the same interface from the server.
/// </summary>
public sealed class EvalAnalysis(IServerStore store) : IEvalAnalysis
{
    /// <inheritdoc />
    public Task<ComparisonReport> CompareAsync(string workspace, CompareRequest request, CancellationToken cancellationToken = default) =>
        Comparisons.CompareAsync(store, workspace, request, cancellationToken);

    /// <inheritdoc />
    public Task<LeaderboardReport> LeaderboardAsync(
        string workspace, LeaderboardRequest request, CancellationToken cancellationToken = default) =>
        Leaderboards.BuildAsync(store, workspace, request, cancellationToken);

    /// <inheritdoc />
    public Task<ItemAnalysisReport> ItemsAsync(
        string workspace, ItemAnalysisRequest request, CancellationToken cancellationToken = default) =>
        ItemAnalyses.BuildAsync(store, workspace, request, cancellationToken);
}
