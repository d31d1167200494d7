using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// The one implementation of <see cref="IEvalAnalysis"/>, over any database store: it reads results, rows and score
/// columns through <see cref="IServerStore"/> and computes here, so the stores hold data only. The server's endpoints,
/// its web UI and the CLI on a local database all use it; the HTTP client answers the same interface from the server.
/// </summary>
/// <param name="store">The database.</param>
/// <param name="clock">Where "now" comes from: the end of a report's window.</param>
public sealed class EvalAnalysis(IServerStore store, TimeProvider? clock = null) : IEvalAnalysis
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<ComparisonReport> CompareAsync(string workspace, CompareRequest request, CancellationToken cancellationToken = default) =>
        Comparisons.CompareAsync(store, workspace, request, cancellationToken);

    /// <inheritdoc />
    public Task<LeaderboardReport> LeaderboardAsync(
        string workspace, LeaderboardRequest request, CancellationToken cancellationToken = default) =>
        Leaderboards.BuildAsync(store, workspace, request, cancellationToken);

    /// <inheritdoc />
    public Task<TrendReport> TrendsAsync(string workspace, TrendRequest request, CancellationToken cancellationToken = default) =>
        Trends.BuildAsync(store, workspace, request, cancellationToken);

    /// <inheritdoc />
    public Task<WorkspaceReport> ReportAsync(string workspace, ReportRequest request, CancellationToken cancellationToken = default) =>
        Reports.BuildAsync(store, workspace, request, _clock.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    public Task<ItemAnalysisReport> ItemsAsync(
        string workspace, ItemAnalysisRequest request, CancellationToken cancellationToken = default) =>
        ItemAnalyses.BuildAsync(store, workspace, request, cancellationToken);
}
