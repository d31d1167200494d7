using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// DigitalOcean's test cases and metrics, derived from a workspace's results: a test case is every result with the same
/// test-case reference (see <see cref="GradientRuns.TestCaseReference"/>), a metric every distinct score name.
/// </summary>
internal static class GradientCatalog
{
    /// <summary>Every live result of a workspace, oldest first, read by keyset (the store's one streaming enumeration).</summary>
    public static async Task<List<ResultInfo>> AllResultsAsync(IServerStore store, string workspace, CancellationToken cancellationToken)
    {
        var all = new List<ResultInfo>();
        await foreach (var result in store.StreamResultsAsync(workspace, null, 0, cancellationToken))
        {
            all.Add(result);
        }
        return all;
    }

    /// <summary>Results grouped by test case, in order of each test case's first run.</summary>
    public static IEnumerable<IGrouping<string, ResultInfo>> TestCases(string workspace, IEnumerable<ResultInfo> results) =>
        results.Where(r => GradientRuns.TestCaseReference(r) is not null)
            .GroupBy(r => GradientIds.For("test-case", workspace, GradientRuns.TestCaseReference(r)!), StringComparer.Ordinal);

    public static ApiEvaluationTestCase ToTestCase(string workspace, IGrouping<string, ResultInfo> runs)
    {
        var latest = runs.MaxBy(r => r.CreatedAt)!;
        var version = runs.Max(GradientRuns.TestCaseVersion);
        var starRun = runs.Where(r => r.StarMetric is not null).MaxBy(r => r.CreatedAt);
        var createdBy = runs.First().CreatedBy ?? "";
        return new ApiEvaluationTestCase
        {
            TestCaseUuid = runs.Key,
            Name = GradientRuns.TestCaseReference(latest)!,
            Description = GradientRuns.Label(latest, "test_case_description") ?? "",
            Version = version,
            DatasetName = latest.Dataset ?? "",
            DatasetUuid = latest.Dataset is null ? "" : GradientIds.For("dataset", workspace, latest.Dataset),
            Dataset = latest.Dataset is null ? null : new ApiEvaluationDataset
            {
                DatasetName = latest.Dataset,
                DatasetUuid = GradientIds.For("dataset", workspace, latest.Dataset),
                RowCount = latest.ItemCount,
                CreatedAt = GradientJson.Time(runs.Min(r => r.CreatedAt)),
            },
            Metrics = Metrics(workspace, runs),
            StarMetric = starRun is null ? null : Star(workspace, starRun),
            TotalRuns = runs.Count(),
            LatestVersionNumberOfRuns = runs.Count(r => GradientRuns.TestCaseVersion(r) == version),
            CreatedAt = GradientJson.Time(runs.Min(r => r.CreatedAt)),
            UpdatedAt = GradientJson.Time(runs.Max(r => r.UpdatedAt)),
            CreatedByUserEmail = createdBy.Contains('@', StringComparison.Ordinal) ? createdBy : "",
        };
    }

    /// <summary>The distinct scores of the results as metrics, by name.</summary>
    public static List<ApiEvaluationMetric> Metrics(string workspace, IEnumerable<ResultInfo> results)
    {
        var seen = results
            .SelectMany(r => r.Scores.Select(s => (Result: r, Score: s)))
            .GroupBy(x => GradientMetrics.Name(x.Score.Metric, x.Score.Name), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        return seen.Select(g =>
        {
            var latest = g.MaxBy(x => x.Result.CreatedAt);
            var score = latest.Score;
            var declaration = latest.Result.Metrics.LastOrDefault(d => d.Covers(score.Metric, score.Name));
            var (low, high) = score.ScoreType switch
            {
                ScoreType.Binary => (0d, 100d),
                ScoreType.Rubric => (score.RubricDistribution?.Min(l => l.Value) ?? 0, score.RubricDistribution?.Max(l => l.Value) ?? 0),
                ScoreType.Text => (0d, 0d),
                _ => (g.Min(x => x.Score.Min) ?? 0, g.Max(x => x.Score.Max) ?? 0),
            };
            return new ApiEvaluationMetric
            {
                MetricUuid = GradientMetrics.Uuid(workspace, g.Key),
                MetricName = g.Key,
                Description = declaration?.Description ?? "",
                MetricValueType = GradientMetrics.ValueType(score.ScoreType),
                Inverted = !score.HigherIsBetter,
                IsMetricGoal = g.Any(x => x.Result.StarMetric is { } star && PassStatus.Find(star, x.Result.Scores) == x.Score),
                RangeMin = low,
                RangeMax = high,
            };
        }).ToList();
    }

    public static ApiStarMetric Star(string workspace, ResultInfo run)
    {
        var star = run.StarMetric!;
        var name = GradientMetrics.Name(star.Metric, star.Score ?? PassStatus.Find(star, run.Scores)?.Name ?? star.Metric);
        var binary = PassStatus.Find(star, run.Scores)?.ScoreType == ScoreType.Binary;
        return new ApiStarMetric(GradientMetrics.Uuid(workspace, name), name, star.Threshold,
            binary ? (int)Math.Round(star.Threshold * 100, MidpointRounding.AwayFromZero) : 0);
    }
}
