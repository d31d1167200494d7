using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Items;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Item analysis over the latest completed result of each model on a dataset: each result's rows stream once through
/// an <see cref="ItemTable"/>, which keeps per-item state only (hashes and short previews, not outputs), then items are
/// scored, filtered, sorted and paged.
/// </summary>
internal static class ItemAnalyses
{
    private const string NoModel = "(no model)";

    public static async Task<ItemAnalysisReport> BuildAsync(
        IServerStore store, string workspace, ItemAnalysisRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var latest = await store.LatestPerModelAsync(workspace, Filter(request), cancellationToken);
        if (latest.Count == 0)
        {
            throw EvalstoreException.NotFound($"There is no completed result on dataset '{request.Dataset}' in workspace '{workspace}'.");
        }
        var (metric, name, choice) = ChooseScore(latest, request.Score);
        var key = Key(metric, name);
        var models = new List<(ResultInfo Result, ScoreAggregate Score)>();
        var without = new List<string>();
        foreach (var result in latest)
        {
            if (result.Scores.FirstOrDefault(s => s.Metric == metric && s.Name == name && Fits(s)) is { } score)
            {
                models.Add((result, score));
            }
            else
            {
                without.Add(result.Model ?? NoModel);
            }
        }
        var table = new ItemTable(models.Count);
        for (var m = 0; m < models.Count; m++)
        {
            var (result, score) = models[m];
            var levels = result.Metrics.FirstOrDefault(d => d.Covers(metric, name))?.Rubric;
            await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery(), cancellationToken))
            {
                var item = ItemRow.Read(row, metric, name, levels, withItemTexts: !table.Knows(row.Digest));
                table.Add(m, row.Digest, row.RowIndex, row.Trial, item.Value is { } value ? Scale(value, score) : null, item);
            }
        }
        var scored = table.Score(out var overall, out var counts);
        var itemModels = models
            .Select((entry, m) => new ItemModel(entry.Result.Model ?? NoModel, ResultRef.Of(entry.Result), overall[m], counts[m]))
            .ToList();
        var (items, next, matching) = ItemPages.Page(scored, itemModels, request);
        return new ItemAnalysisReport
        {
            Dataset = request.Dataset,
            Score = key,
            ScoreChoice = choice,
            Bounds = Bounds(models.Count > 0 ? models[0].Score : null),
            Models = itemModels,
            ModelsWithoutScore = without,
            TotalItems = scored.Count,
            MatchingItems = matching,
            FlagCounts = Enum.GetValues<ItemFlag>().ToDictionary(
                WireNames.Of, f => (long)scored.Count(i => i.Flags.Contains(f)), StringComparer.Ordinal),
            Sort = request.Sort,
            Items = items,
            Next = next,
        };
    }

    private static void Validate(ItemAnalysisRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Dataset))
        {
            throw EvalstoreException.BadRequest("'dataset' is required: item analysis runs over the results of one dataset.");
        }
        if (request.Limit is < 1 or > ItemAnalysisRequest.MaxLimit)
        {
            throw EvalstoreException.BadRequest($"'limit' must be between 1 and {ItemAnalysisRequest.MaxLimit}, found {request.Limit}.");
        }
        _ = ItemPages.ParseSort(request.Sort);
    }

    private static string Key(string metric, string name) => metric == name ? metric : $"{metric}:{name}";

    /// <summary>A score item analysis can use: 0/1, or numbers with both ends of their range known.</summary>
    private static bool Fits(ScoreAggregate score) =>
        score.Domain == ValueDomain.Proportion || score.Bounds is { Min: { } min, Max: { } max } && max > min;

    private static ScoreBounds Bounds(ScoreAggregate? score) =>
        score is null || score.Domain == ValueDomain.Proportion || score.Bounds is null ? ScoreBounds.Unit : score.Bounds;

    /// <summary>A value as correctness in [0, 1], in the score's direction.</summary>
    private static double Scale(double value, ScoreAggregate score)
    {
        var bounds = Bounds(score);
        var scaled = Math.Clamp((value - bounds.Min!.Value) / (bounds.Max!.Value - bounds.Min.Value), 0, 1);
        return score.HigherIsBetter ? scaled : 1 - scaled;
    }

    private static (string Metric, string Name, string Choice) ChooseScore(IReadOnlyList<ResultInfo> latest, string? requested)
    {
        if (requested is not null)
        {
            var match = latest.SelectMany(r => r.Scores).FirstOrDefault(s => Key(s.Metric, s.Name) == requested)
                ?? throw EvalstoreException.BadRequest($"There is no score '{requested}' on this dataset; scores: "
                    + string.Join(", ", latest.SelectMany(r => r.Scores).Select(s => Key(s.Metric, s.Name)).Distinct()) + ".");
            return Fits(match) ? (match.Metric, match.Name, "given (score=)")
                : throw EvalstoreException.BadRequest(
                    $"Score '{requested}' is neither 0/1 nor bounded (no declared min and max), so solved or failed is undefined.");
        }
        // The newest result's star metric when it is 0/1, else the first 0/1 score; bounded scores only when no 0/1 score exists.
        foreach (var proportion in new[] { true, false })
        {
            foreach (var result in latest)
            {
                bool Wanted(ScoreAggregate s) => proportion ? s.Domain == ValueDomain.Proportion : Fits(s);
                var star = result.StarMetric is { } sm
                    ? result.Scores.FirstOrDefault(s => s.Metric == sm.Metric && s.Name == (sm.Score ?? sm.Metric) && Wanted(s))
                    : null;
                var kind = proportion ? "0/1" : "bounded";
                if (star is not null)
                {
                    return (star.Metric, star.Name, $"the star metric of {result.Name}, a {kind} score (default)");
                }
                if (result.Scores.FirstOrDefault(Wanted) is { } first)
                {
                    return (first.Metric, first.Name, $"the first {kind} score of {result.Name} (default)");
                }
            }
        }
        throw EvalstoreException.BadRequest(
            "No result on this dataset has a 0/1 or bounded score (declare min and max), so solved or failed is undefined.");
    }

    private static FilterExpr Filter(ItemAnalysisRequest request)
    {
        var terms = new List<FilterExpr>
        {
            new FieldFilter("status", FilterOperator.Eq, ["completed"]),
            new FieldFilter("dataset", FilterOperator.Eq, [request.Dataset]),
        };
        if (!string.IsNullOrEmpty(request.Project))
        {
            terms.Add(new FieldFilter("project", FilterOperator.Eq, [request.Project]));
        }
        return new AndFilter(terms);
    }
}
