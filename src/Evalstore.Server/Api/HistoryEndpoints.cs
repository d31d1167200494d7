using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Core.Reporting;
using Evalstore.Core.Stores;
using Evalstore.Server.Analysis;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>Results over time: trends of a score, stored gate evaluations, and the workspace report.</summary>
internal static class HistoryEndpoints
{
    private static readonly string[] s_trendParameters = ["score", "model", "dataset", "benchmark", "project", "alpha", "limit"];
    private static readonly string[] s_gateParameters = ["since", "project", "result", "limit"];
    private static readonly string[] s_reportParameters = ["since", "project", "format", "alpha"];

    public static void MapHistory(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/trends", TrendsAsync).WithTags("Analysis").WithName("Trends")
            .WithSummary("A score over the completed results of a dataset, benchmark or project: mean, 95% interval and n per result, "
                + "each step tested against the same model's previous result on shared items (Holm along each model's series).")
            .ProducesProblem(400);
        workspace.MapGet("/gates", GatesAsync).WithTags("Analysis").WithName("GateEvaluations")
            .WithSummary("Stored gate evaluations, newest first: verdict, thresholds, results compared and time.")
            .ProducesProblem(400);
        workspace.MapGet("/report", ReportAsync).WithTags("Analysis").WithName("Report")
            .WithSummary("What happened over a window (since=7d) per project: new results, significant changes, leaderboard moves, "
                + "failed runs and gate outcomes, as json, md or html (one self-contained file).")
            .Produces<WorkspaceReport>().Produces<string>(200, "text/markdown", "text/html").ProducesProblem(400);
    }

    private static async Task<Ok<TrendReport>> TrendsAsync(string workspace, HttpRequest request, IEvalAnalysis analysis)
    {
        request.RejectUnknownQuery(s_trendParameters);
        var trend = new TrendRequest
        {
            Score = Get(request, "score")
                ?? throw EvalstoreException.BadRequest("'score' is required: the metric (or metric:score) to follow."),
            Model = Get(request, "model"),
            Dataset = Get(request, "dataset"),
            Benchmark = Get(request, "benchmark"),
            Project = Get(request, "project"),
            Alpha = Double(request, "alpha") ?? 0.05,
            Limit = request.QueryInt("limit", 2, ResultQuery.MaxPageSize) ?? 200,
        };
        return TypedResults.Ok(await analysis.TrendsAsync(workspace, trend, request.HttpContext.RequestAborted));
    }

    private static async Task<Ok<GateEvaluationList>> GatesAsync(string workspace, HttpRequest request, IServerStore store,
        TimeProvider clock)
    {
        request.RejectUnknownQuery(s_gateParameters);
        var since = Get(request, "since");
        var result = Get(request, "result");
        var query = new GateEvaluationQuery
        {
            // A window (7d) back from now, or an instant (what the SDK sends).
            Since = since is null ? null
                : DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant
                : clock.GetUtcNow() - ReportWindow.Parse(since),
            Project = Get(request, "project"),
            ResultId = result is null ? null : Guid.TryParse(result, out var id) ? id
                : throw EvalstoreException.BadRequest($"'result' must be a result UUID, found '{result}'."),
            Limit = request.QueryInt("limit", 1, ResultQuery.MaxPageSize) ?? 100,
        };
        var evaluations = await GateRecords.ListAsync(store, workspace, query, request.HttpContext.RequestAborted);
        return TypedResults.Ok(new GateEvaluationList(evaluations));
    }

    private static async Task<IResult> ReportAsync(string workspace, HttpRequest request, IEvalAnalysis analysis)
    {
        request.RejectUnknownQuery(s_reportParameters);
        var format = ReportRendering.ParseFormat(Get(request, "format"));
        var report = await analysis.ReportAsync(workspace, new ReportRequest
        {
            Since = Get(request, "since") ?? "7d", Project = Get(request, "project"), Alpha = Double(request, "alpha") ?? 0.05,
        }, request.HttpContext.RequestAborted);
        return format == ReportFormat.Json
            ? TypedResults.Ok(report)
            : TypedResults.Text(ReportRendering.Render(report, format), ReportRendering.ContentType(format));
    }

    private static string? Get(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    private static double? Double(HttpRequest request, string name)
    {
        var text = Get(request, name);
        return text is null ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
            : throw EvalstoreException.BadRequest($"'{name}' must be a number, found '{text}'.");
    }
}
