using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Builds a workspace report over a window: per project the results created in it, every significant change of a new
/// completed result against the previous completed result of the same model and dataset (or benchmark), the leaderboard
/// ranks that moved between the window's start and end, the failed runs and the stored gate evaluations. The typed
/// report is what the API returns and what <see cref="Evalstore.Core.Reporting.ReportRendering"/> renders (md, html).
/// </summary>
internal static class Reports
{
    private const int MaxResults = 5000;

    public static async Task<WorkspaceReport> BuildAsync(IServerStore store, string workspace, ReportRequest request, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var window = ReportWindow.Parse(request.Since);
        if (request.Alpha is <= 0 or >= 1)
        {
            throw EvalstoreException.BadRequest("alpha must be in (0, 1).");
        }
        var until = request.Until ?? now;
        var from = until - window;
        var results = new List<ResultInfo>();
        await foreach (var result in store.StreamResultsAsync(workspace, InWindow(from, until, request.Project), 0, cancellationToken))
        {
            results.Add(result);
            if (results.Count > MaxResults)
            {
                throw EvalstoreException.BadRequest(
                    $"More than {MaxResults} results in the window; choose a shorter 'since' or a project.");
            }
        }
        var gates = (await store.ListGateEvaluationsAsync(workspace,
                new GateEvaluationQuery { Since = from, Project = request.Project, Limit = ResultQuery.MaxPageSize }, cancellationToken))
            .Where(g => g.EvaluatedAt < until).OrderBy(g => g.EvaluatedAt).ToList();
        var projects = new List<ProjectReport>();
        var names = results.Select(r => r.Project).Concat(gates.Select(g => g.Project)).Distinct().Order(StringComparer.Ordinal);
        foreach (var project in names)
        {
            var mine = results.Where(r => r.Project == project).OrderBy(r => r.CreatedAt).ToList();
            var changes = new List<ReportChange>();
            foreach (var result in mine.Where(r => r.Status == ResultStatus.Completed))
            {
                changes.AddRange(await ChangesAsync(store, workspace, result, request.Alpha, cancellationToken));
            }
            projects.Add(new ProjectReport
            {
                Project = project,
                NewResults = [.. mine.Select(Summary)],
                Changes = changes,
                LeaderboardMoves = await MovesAsync(store, workspace, project, mine, from, until, cancellationToken),
                FailedRuns = [.. mine.Where(r => r.Status == ResultStatus.Failed).Select(Summary)],
                Gates = [.. gates.Where(g => g.Project == project).Select(Gate)],
            });
        }
        return new WorkspaceReport
        {
            Workspace = workspace, From = from, Until = until, Since = request.Since, Alpha = request.Alpha, Projects = projects,
        };
    }

    /// <summary>The significant changes of one result against the previous comparable one, Holm across its scores.</summary>
    private static async Task<IReadOnlyList<ReportChange>> ChangesAsync(IServerStore store, string workspace, ResultInfo result,
        double alpha, CancellationToken cancellationToken)
    {
        if (result.Model is null || (result.Dataset is null && result.Benchmark is null))
        {
            return [];
        }
        var terms = new List<FilterExpr>
        {
            Eq("status", "completed"), Eq("model", result.Model),
            result.Dataset is { } dataset ? Eq("dataset", dataset) : Eq("benchmark", result.Benchmark!),
            new FieldFilter("created_at", FilterOperator.Lt, [Instant(result.CreatedAt)]),
        };
        var page = await store.ListResultsAsync(workspace,
            new ResultQuery { Filter = new AndFilter(terms), Sort = "-created_at", PageSize = 1 }, cancellationToken);
        if (page.Data is not [var previous])
        {
            return [];
        }
        var steps = new List<(ScoreAggregate Score, ScoreComparison Comparison, long Shared)>();
        foreach (var score in result.Scores.Where(s => s.ScoreType != ScoreType.Text && s.Mean is not null))
        {
            if (previous.Scores.Any(s => s.Metric == score.Metric && s.Name == score.Name))
            {
                var (comparison, shared) = await Trends.CompareScoreAsync(
                    store, workspace, previous, result, score, alpha, null, cancellationToken);
                steps.Add((score, comparison, shared));
            }
        }
        var adjusted = Trends.Adjust([.. steps.Select(s => new TrendStep
        {
            Previous = ResultRef.Of(previous), SharedItems = s.Shared, Difference = s.Comparison.Difference,
            Test = s.Comparison.VerdictTest,
            P = s.Comparison.VerdictP, Change = TrendChange.Inconclusive,
        })], alpha, [.. steps.Select(s => s.Score.HigherIsBetter)]);
        return [.. adjusted.Select((step, i) => (step, steps[i]))
            .Where(x => x.step.Change is TrendChange.Regression or TrendChange.Improvement)
            .Select(x => new ReportChange
            {
                Result = ResultRef.Of(result), Previous = ResultRef.Of(previous), Score = Requirement.Key(x.Item2.Score),
                Change = x.step.Change, MeanBefore = x.Item2.Comparison.MeanA, MeanAfter = x.Item2.Comparison.MeanB,
                Difference = x.step.Difference, SharedItems = x.step.SharedItems, Test = x.step.Test, P = x.step.P,
                AdjustedP = x.step.AdjustedP,
            })];
    }

    /// <summary>Each board a new result landed on, ranked at the window's start and at its end, by the same ordering score.</summary>
    private static async Task<IReadOnlyList<LeaderboardMove>> MovesAsync(IServerStore store, string workspace, string project,
        IReadOnlyList<ResultInfo> results, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var boards = results.Where(r => r.Status == ResultStatus.Completed && (r.Dataset ?? r.Benchmark) is not null)
            .Select(r => r.Dataset is { } d ? ("dataset", d) : ("benchmark", r.Benchmark!)).Distinct().ToList();
        var moves = new List<LeaderboardMove>();
        foreach (var (field, name) in boards)
        {
            FilterExpr Board(DateTimeOffset end) => new AndFilter([Eq("status", "completed"), Eq("project", project), Eq(field, name),
                new FieldFilter("created_at", FilterOperator.Lt, [Instant(end)])]);
            var after = await Leaderboards.RankAsync(store, workspace, await store.LatestPerModelAsync(workspace, Board(until),
                cancellationToken), null, cancellationToken);
            if (after.OrderedBy is not { } column)
            {
                continue;
            }
            var earlier = await store.LatestPerModelAsync(workspace, Board(from), cancellationToken);
            var before = earlier.Count == 0 ? null : await Leaderboards.RankAsync(store, workspace, earlier, null, cancellationToken);
            var beforeHasColumn = before?.Columns.Any(c => c.Key == column) == true;
            if (before is not null && beforeHasColumn)
            {
                before = await Leaderboards.RankAsync(store, workspace, earlier, column, cancellationToken);
            }
            foreach (var row in after.Rows.Where(r => r.Cells.ContainsKey(column)))
            {
                var now = row.Cells[column];
                var then = beforeHasColumn ? before!.Rows.FirstOrDefault(r => r.Model == row.Model)?.Cells.GetValueOrDefault(column) : null;
                if (then?.Rank != now.Rank || then.Mean != now.Mean)
                {
                    moves.Add(new LeaderboardMove
                    {
                        Board = $"{field}:{name}", Score = column, Model = row.Model, RankBefore = then?.Rank, RankAfter = now.Rank,
                        MeanBefore = then?.Mean, MeanAfter = now.Mean,
                    });
                }
            }
        }
        return moves;
    }

    private static ReportGate Gate(GateEvaluation g) => new()
    {
        Id = g.Id, EvaluatedAt = g.EvaluatedAt, Passed = g.Passed, Result = g.Report.Result, Baseline = g.Report.Baseline,
        Summary = g.Report.Summary, Checks = g.Report.Checks.Count,
        FailedChecks = g.Report.Checks.Count(c => c.Status == GateStatus.Fail || (c.Status == GateStatus.Inconclusive && g.Request.Strict)),
    };

    private static ReportResult Summary(ResultInfo result) => new()
    {
        Result = ResultRef.Of(result), Status = result.Status, Benchmark = result.Benchmark, ErrorDescription = result.ErrorDescription,
        Scores = [.. result.Scores.Where(s => s.Mean is not null).Select(s =>
            new ReportScore(Requirement.Key(s), s.ItemMean ?? s.Mean, s.CiLow, s.CiHigh, s.ItemCount))],
    };

    private static AndFilter InWindow(DateTimeOffset from, DateTimeOffset until, string? project)
    {
        var terms = new List<FilterExpr>
        {
            new FieldFilter("created_at", FilterOperator.Gte, [Instant(from)]),
            new FieldFilter("created_at", FilterOperator.Lt, [Instant(until)]),
        };
        if (!string.IsNullOrEmpty(project))
        {
            terms.Add(Eq("project", project));
        }
        return new AndFilter(terms);
    }

    private static FieldFilter Eq(string field, string value) => new(field, FilterOperator.Eq, [value]);

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
