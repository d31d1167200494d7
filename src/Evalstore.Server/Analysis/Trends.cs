using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// One score over time: every completed result of a series (dataset, benchmark or project, optionally one model) in
/// creation order with its stored mean and interval, and each point tested against the previous point of the same
/// model on the items both scored. The p-values of one model's steps form a family (Holm), because a long series
/// tested step by step at α would otherwise flag a "regression" by chance every twenty steps.
/// </summary>
internal static class Trends
{
    public static async Task<TrendReport> BuildAsync(
        IServerStore store, string workspace, TrendRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var series = new List<(ResultInfo Result, ScoreAggregate Score)>();
        var seen = 0;
        await foreach (var result in store.StreamResultsAsync(workspace, Filter(request), 0, cancellationToken))
        {
            seen++;
            if (Requirement.Find(result.Scores, request.Score) is { } score && score.ScoreType != ScoreType.Text)
            {
                series.Add((result, score));
            }
        }
        if (seen > 0 && series.Count == 0)
        {
            throw EvalstoreException.BadRequest(
                $"None of the {seen} matching results has a numeric score '{request.Score}'; name it as metric or metric:score.");
        }
        // Key order is creation order; sorting by time keeps it stable where a copy brought results in another order.
        series = [.. series.OrderBy(s => s.Result.CreatedAt).TakeLast(request.Limit)];
        var steps = new Dictionary<Guid, TrendStep>();
        var cache = new Dictionary<Guid, IReadOnlyList<ItemScore>>();
        foreach (var model in series.GroupBy(s => ModelOf(s.Result)))
        {
            var points = model.ToList();
            var modelSteps = new List<(Guid Id, TrendStep Step)>();
            for (var i = 1; i < points.Count; i++)
            {
                var step = await StepAsync(store, workspace, points[i - 1], points[i], request.Alpha, cache, cancellationToken);
                modelSteps.Add((points[i].Result.Id, step));
                cache.Remove(points[i - 1].Result.Id);
            }
            var higherIsBetter = points.Select(p => p.Score.HigherIsBetter).Skip(1).ToList();
            var adjusted = Adjust(modelSteps.Select(s => s.Step).ToList(), request.Alpha, higherIsBetter);
            for (var i = 0; i < adjusted.Count; i++)
            {
                steps[modelSteps[i].Id] = adjusted[i];
            }
        }
        return new TrendReport
        {
            Score = request.Score, Dataset = request.Dataset, Benchmark = request.Benchmark, Project = request.Project,
            Alpha = request.Alpha,
            HigherIsBetter = series.Count == 0 || series[^1].Score.HigherIsBetter,
            Models = [.. series.Select(s => ModelOf(s.Result)).Distinct(StringComparer.Ordinal)],
            Points = [.. series.Select(s => new TrendPoint
            {
                Result = ResultRef.Of(s.Result), Model = ModelOf(s.Result), Mean = s.Score.ItemMean ?? s.Score.Mean, CiLow = s.Score.CiLow,
                CiHigh = s.Score.CiHigh, Interval = s.Score.Method?.Interval, N = s.Score.ItemCount,
                Step = steps.GetValueOrDefault(s.Result.Id),
            })],
        };
    }

    /// <summary>The name a result's model has in a trend.</summary>
    public static string ModelOf(ResultInfo result) => result.Model ?? "(no model)";

    /// <summary>Compares one score of two results on their shared items with the paired test that fits the items.</summary>
    public static async Task<(ScoreComparison Comparison, long Shared)> CompareScoreAsync(IServerStore store, string workspace,
        ResultInfo before, ResultInfo after, ScoreAggregate score, double alpha, IDictionary<Guid, IReadOnlyList<ItemScore>>? cache,
        CancellationToken cancellationToken)
    {
        var a = await ValuesAsync(store, workspace, before.Id, score, cache, cancellationToken);
        var b = await ValuesAsync(store, workspace, after.Id, score, cache, cancellationToken);
        var join = ScoreJoin.Join([a], [b])[0];
        // No bootstrap: the verdict rests on McNemar or the paired t test, and a trend runs one comparison per step.
        var comparison = PairedComparison.Compare(join.A, join.B, score.ScoreType, alpha, 0, higherIsBetter: score.HigherIsBetter);
        return (comparison, join.Matched);
    }

    private static async Task<TrendStep> StepAsync(IServerStore store, string workspace, (ResultInfo Result, ScoreAggregate Score) previous,
        (ResultInfo Result, ScoreAggregate Score) current, double alpha, Dictionary<Guid, IReadOnlyList<ItemScore>> cache,
        CancellationToken cancellationToken)
    {
        var (c, shared) = await CompareScoreAsync(store, workspace, previous.Result, current.Result, current.Score, alpha, cache,
            cancellationToken);
        return new TrendStep
        {
            Previous = ResultRef.Of(previous.Result), SharedItems = shared, Difference = c.Difference, Test = c.VerdictTest,
            McNemar = c.McNemar, P = c.VerdictP, Change = TrendChange.Inconclusive,
        };
    }

    /// <summary>Holm over a family of steps, then the change each adjusted p supports in its score's direction.</summary>
    public static IReadOnlyList<TrendStep> Adjust(IReadOnlyList<TrendStep> steps, double alpha, IReadOnlyList<bool> higherIsBetter)
    {
        var tested = Enumerable.Range(0, steps.Count).Where(i => steps[i].P is not null).ToList();
        var adjusted = Holm.Adjust(tested.Select(i => steps[i].P!.Value).ToList());
        var result = steps.ToArray();
        for (var k = 0; k < tested.Count; k++)
        {
            var i = tested[k];
            result[i] = steps[i] with
            {
                AdjustedP = adjusted[k], Change = ChangeOf(steps[i].Difference, adjusted[k], alpha, higherIsBetter[i]),
            };
        }
        return result;
    }

    /// <summary>Regression or improvement only when significant after adjustment, in the score's own direction.</summary>
    public static TrendChange ChangeOf(double? difference, double adjustedP, double alpha, bool higherIsBetter) =>
        difference is not { } d || adjustedP > alpha || d == 0 ? TrendChange.NoSignificantChange
            : (d > 0) == higherIsBetter ? TrendChange.Improvement : TrendChange.Regression;

    private static async Task<IReadOnlyList<ItemScore>> ValuesAsync(IServerStore store, string workspace, Guid resultId,
        ScoreAggregate score,
        IDictionary<Guid, IReadOnlyList<ItemScore>>? cache, CancellationToken cancellationToken)
    {
        if (cache?.TryGetValue(resultId, out var cached) == true)
        {
            return cached;
        }
        IReadOnlyList<ItemScore> values = [];
        await foreach (var items in store.ReadScoreItemsAsync(workspace, resultId, score.Metric, score.Name, cancellationToken))
        {
            if (items.Metric == score.Metric && items.Name == score.Name)
            {
                values = items.Values;
            }
        }
        cache?.Add(resultId, values);
        return values;
    }

    private static void Validate(TrendRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Score))
        {
            throw EvalstoreException.BadRequest("'score' is required: the metric (or metric:score) to follow.");
        }
        if (request.Dataset is null && request.Benchmark is null && request.Project is null)
        {
            throw EvalstoreException.BadRequest("Name the series: 'dataset', 'benchmark' or 'project'.");
        }
        if (request.Dataset is not null && request.Benchmark is not null)
        {
            throw EvalstoreException.BadRequest("Give 'dataset' or 'benchmark', not both.");
        }
        if (request.Alpha is <= 0 or >= 1 || request.Limit is < 2 or > ResultQuery.MaxPageSize)
        {
            throw EvalstoreException.BadRequest($"alpha must be in (0, 1) and limit in 2–{ResultQuery.MaxPageSize}.");
        }
    }

    private static AndFilter Filter(TrendRequest request)
    {
        var terms = new List<FilterExpr> { new FieldFilter("status", FilterOperator.Eq, ["completed"]) };
        foreach (var (field, value) in new[]
            { ("dataset", request.Dataset), ("benchmark", request.Benchmark), ("project", request.Project), ("model", request.Model) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                terms.Add(new FieldFilter(field, FilterOperator.Eq, [value]));
            }
        }
        return new AndFilter(terms);
    }
}
