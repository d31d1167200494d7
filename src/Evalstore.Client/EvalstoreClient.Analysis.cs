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

    /// <summary>Evaluates a CI gate on the server (the same checks as <c>evalstore gate</c>), which stores the evaluation.</summary>
    public Task<GateReport> GateAsync(string workspace, GateRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GateReport>(
            HttpMethod.Post, $"{Ws(workspace)}/gate", JsonContent.Create(request, options: EvalstoreJson.Options), cancellationToken);

    /// <inheritdoc />
    public Task<TrendReport> TrendsAsync(string workspace, TrendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = Query(("score", request.Score), ("model", request.Model), ("dataset", request.Dataset),
            ("benchmark", request.Benchmark), ("project", request.Project),
            ("alpha", request.Alpha.ToString("R", CultureInfo.InvariantCulture)),
            ("limit", request.Limit.ToString(CultureInfo.InvariantCulture)));
        return SendAsync<TrendReport>(HttpMethod.Get, $"{Ws(workspace)}/trends?{query}", null, cancellationToken);
    }

    /// <summary>The server's stored gate evaluations, newest first (every gate evaluated there, by API, SDK or CLI).</summary>
    public async Task<IReadOnlyList<GateEvaluation>> GateEvaluationsAsync(string workspace, GateEvaluationQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = Query(("since", query.Since?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("project", query.Project),
            ("result", query.ResultId?.ToString()), ("limit", query.Limit.ToString(CultureInfo.InvariantCulture)));
        return (await SendAsync<GateEvaluationList>(HttpMethod.Get, $"{Ws(workspace)}/gates?{text}", null, cancellationToken)).Data;
    }

    /// <inheritdoc />
    public Task<WorkspaceReport> ReportAsync(string workspace, ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Until is not null)
        {
            throw new ArgumentException("A server report ends at the server's now; 'Until' is for a report built on the database.",
                nameof(request));
        }
        var query = Query(("since", request.Since), ("project", request.Project),
            ("alpha", request.Alpha.ToString("R", CultureInfo.InvariantCulture)));
        return SendAsync<WorkspaceReport>(HttpMethod.Get, $"{Ws(workspace)}/report?{query}", null, cancellationToken);
    }

    private static string Query(params (string Name, string? Value)[] parameters) => string.Join('&',
        parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
