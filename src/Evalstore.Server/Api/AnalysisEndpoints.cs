using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Analysis;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>Compare results item by item, and rank models on a leaderboard.</summary>
internal static class AnalysisEndpoints
{
    private static readonly string[] s_compareParameters =
        ["baseline", "candidate", "metric", "alpha", "bootstrap", "seed", "flipped_limit", "flipped_offset"];
    private static readonly string[] s_leaderboardParameters = ["benchmark", "dataset", "metric", "project", "order_by"];

    public static void MapAnalysis(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/compare", CompareAsync).WithTags("Analysis").WithName("CompareResults")
            .WithSummary(
                "Compare a baseline with one or more candidates (repeat candidate=): paired tests per score, Holm-adjusted, flipped rows.")
            .ProducesProblem(400).ProducesProblem(404);
        workspace.MapGet("/leaderboard", LeaderboardAsync).WithTags("Analysis").WithName("Leaderboard")
            .WithSummary("Latest completed result per model, ranked per score with 95% intervals; overlapping intervals tie.")
            .ProducesProblem(400);
        workspace.MapPost("/gate", GateAsync).WithTags("Analysis").WithName("Gate").RequireRole(KeyRole.Read)
            .WithSummary("Evaluate a CI gate (requirements, no significant regression from a baseline) and store the evaluation.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        workspace.MapHistory();
    }

    private static async Task<Ok<GateReport>> GateAsync(string workspace, HttpRequest request, IServerStore store, IEvalAnalysis analysis,
        ServerOptions options)
    {
        // Evaluated and stored (verdict, thresholds, results compared, time), so reports can list gate outcomes.
        var gate = await request.ReadJsonAsync<GateRequest>(options.MaxJsonBytes);
        return TypedResults.Ok(await GateRecords.EvaluateAndRecordAsync(
            store, analysis, options.Clock, workspace, gate, request.HttpContext.RequestAborted));
    }

    private static async Task<Ok<ComparisonReport>> CompareAsync(string workspace, HttpRequest request, IEvalAnalysis analysis)
    {
        request.RejectUnknownQuery(s_compareParameters);
        var query = request.Query;
        var compare = new CompareRequest
        {
            Baseline = query["baseline"].ToString() is { Length: > 0 } baseline ? baseline
                : throw EvalstoreException.BadRequest("'baseline' is required."),
            Candidates = query["candidate"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList(),
            Metric = query["metric"].ToString() is { Length: > 0 } metric ? metric : null,
            Alpha = Double(request, "alpha") ?? 0.05,
            BootstrapIterations = request.QueryInt("bootstrap", 0, 100_000) ?? 10_000,
            Seed = query["seed"].ToString() is { Length: > 0 } seed
                ? ulong.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
                    : throw EvalstoreException.BadRequest($"'seed' must be a non-negative integer, found '{seed}'.")
                : 20241119,
            FlippedLimit = request.QueryInt("flipped_limit", 0, 1000) ?? 20,
            FlippedOffset = request.QueryInt("flipped_offset", 0, int.MaxValue) ?? 0,
        };
        return TypedResults.Ok(await analysis.CompareAsync(workspace, compare, request.HttpContext.RequestAborted));
    }

    private static async Task<Ok<LeaderboardReport>> LeaderboardAsync(string workspace, HttpRequest request, IEvalAnalysis analysis)
    {
        request.RejectUnknownQuery(s_leaderboardParameters);
        string? Get(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        var leaderboard = new LeaderboardRequest
        {
            Benchmark = Get("benchmark"),
            Dataset = Get("dataset"),
            MetricRef = Get("metric"),
            Project = Get("project"),
            OrderBy = Get("order_by"),
        };
        return TypedResults.Ok(await analysis.LeaderboardAsync(workspace, leaderboard, request.HttpContext.RequestAborted));
    }

    private static double? Double(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw EvalstoreException.BadRequest($"'{name}' must be a number, found '{text}'.");
    }
}
