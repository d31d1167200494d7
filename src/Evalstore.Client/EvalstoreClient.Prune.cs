using Evalstore.Core.Model;

namespace Evalstore.Client;

public sealed partial class EvalstoreClient
{
    /// <summary>
    /// Retention on the server (admin key): deletes the finished results older than <paramref name="olderThan"/>
    /// (<c>90d</c>, <c>12h</c>, <c>2w</c>), keeping the latest completed result per <paramref name="keepLatestPer"/>
    /// (e.g. <c>model</c>, <c>dataset</c>); a dry run only counts them.
    /// </summary>
    public Task<PruneReport> PruneAsync(string workspace, string olderThan, IReadOnlyList<string>? keepLatestPer = null,
        bool dryRun = false, CancellationToken cancellationToken = default)
    {
        PruneRequest.ParseAge(olderThan);
        var query = $"older_than={Uri.EscapeDataString(olderThan)}&dry_run={(dryRun ? "true" : "false")}"
            + (keepLatestPer is { Count: > 0 } ? $"&keep_latest_per={Uri.EscapeDataString(string.Join(',', keepLatestPer))}" : "");
        return SendAsync<PruneReport>(HttpMethod.Post, $"{Ws(workspace)}/prune?{query}", null, cancellationToken);
    }
}
