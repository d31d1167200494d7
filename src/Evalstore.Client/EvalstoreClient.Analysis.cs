using System.Globalization;
using System.Net.Http.Json;
using Evalstore.Core.Gate;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Client;

public sealed partial class EvalstoreClient
{
    /// <inheritdoc />
    public Task<ComparisonReport> CompareAsync(string workspace, CompareRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new List<string> { "baseline=" + Uri.EscapeDataString(request.Baseline) };
        query.AddRange(request.Candidates.Select(c => "candidate=" + Uri.EscapeDataString(c)));
        if (request.Metric is not null)
        {
            query.Add("metric=" + Uri.EscapeDataString(request.Metric));
        }
        query.Add(string.Create(CultureInfo.InvariantCulture,
            $"alpha={request.Alpha:R}&bootstrap={request.BootstrapIterations}&seed={request.Seed}" +
            $"&flipped_limit={request.FlippedLimit}&flipped_offset={request.FlippedOffset}"));
        return SendAsync<ComparisonReport>(HttpMethod.Get, $"{Ws(workspace)}/compare?{string.Join('&', query)}", null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LeaderboardReport> LeaderboardAsync(
        string workspace, LeaderboardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("benchmark", request.Benchmark);
        Add("dataset", request.Dataset);
        Add("metric", request.MetricRef);
        Add("project", request.Project);
        Add("order_by", request.OrderBy);
        return SendAsync<LeaderboardReport>(
            HttpMethod.Get, $"{Ws(workspace)}/leaderboard?{string.Join('&', query)}", null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ItemAnalysisReport> ItemsAsync(string workspace, ItemAnalysisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new List<string> { "dataset=" + Uri.EscapeDataString(request.Dataset) };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("project", request.Project);
        Add("score", request.Score);
        query.AddRange(request.Flags.Select(f => "flag=" + WireNames.Of(f)));
        Add("sort", request.Sort);
        Add("after", request.After);
        query.Add(string.Create(CultureInfo.InvariantCulture, $"limit={request.Limit}"));
        return SendAsync<ItemAnalysisReport>(HttpMethod.Get, $"{Ws(workspace)}/items?{string.Join('&', query)}", null, cancellationToken);
    }

    /// <summary>Evaluates a CI gate on the server (the same checks as <c>evalstore gate</c>).</summary>
    public Task<GateReport> GateAsync(string workspace, GateRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GateReport>(
            HttpMethod.Post, $"{Ws(workspace)}/gate", JsonContent.Create(request, options: EvalstoreJson.Options), cancellationToken);
}
