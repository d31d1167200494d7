using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Analysis;

/// <summary>
/// The server's <see cref="IEvalAnalysis"/>: <see cref="EvalAnalysis"/> behind the <see cref="HeavyWorkGate"/>, so
/// the API, the gate endpoint and the UI's compare and leaderboard pages all share one bound on memory-heavy work.
/// </summary>
internal sealed class BoundedAnalysis(IEvalAnalysis inner, HeavyWorkGate gate) : IEvalAnalysis
{
    public Task<ComparisonReport> CompareAsync(string workspace, CompareRequest request, CancellationToken cancellationToken = default) =>
        gate.RunAsync("compare", token => inner.CompareAsync(workspace, request, token), cancellationToken);

    public Task<LeaderboardReport> LeaderboardAsync(string workspace, LeaderboardRequest request,
        CancellationToken cancellationToken = default) =>
        gate.RunAsync("leaderboard", token => inner.LeaderboardAsync(workspace, request, token), cancellationToken);

    public Task<ItemAnalysisReport> ItemsAsync(
        string workspace, ItemAnalysisRequest request, CancellationToken cancellationToken = default) =>
        gate.RunAsync("item analysis", token => inner.ItemsAsync(workspace, request, token), cancellationToken);
}
