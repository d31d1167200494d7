using Evalstore.Core.Model;

namespace Evalstore.Formats.Importing;

/// <summary>
/// A number a harness reported about its own run (lm-eval's <c>acc,none</c>, inspect's accuracy, promptfoo's pass
/// counts), to be compared with the stored aggregate once the result is complete.
/// </summary>
/// <param name="Metric">Metric key of the stored score.</param>
/// <param name="Score">Score name of the stored score.</param>
/// <param name="Statistic">mean, std_err, sum, pass_count, fail_count, count or f1.</param>
/// <param name="Source">Where the harness reports it.</param>
/// <param name="Expected">The harness's number; null when it reported none (e.g. "N/A").</param>
/// <param name="SkipReason">When set, the check is reported as skipped with this reason.</param>
internal sealed record HarnessExpectation(string Metric, string Score, string Statistic, string Source, double? Expected,
    string? SkipReason = null)
{
    /// <summary>Metric name standing for every assertion metric (all but promptfoo's <c>overall</c>) together.</summary>
    public const string AllAssertions = "*assertions";

    private const double RelativeTolerance = 1e-6;

    /// <summary>Compares with the aggregate of the same score (null when the result has no such score).</summary>
    public HarnessCheck Check(IReadOnlyList<ScoreAggregate> aggregates)
    {
        var aggregate =
            Metric == AllAssertions ? Pooled(aggregates) : aggregates.FirstOrDefault(a => a.Metric == Metric && a.Name == Score);
        var check = new HarnessCheck
        {
            Metric = Metric, Score = Score, Statistic = Statistic, Source = Source, Expected = Expected,
                Status = HarnessCheckStatus.Skipped,
        };
        if (SkipReason is not null)
        {
            return check with { Note = SkipReason };
        }
        if (aggregate is null)
        {
            return check with { Note = "no such score was stored" };
        }
        var actual = Actual(aggregate);
        if (Expected is not { } expected || actual is not { } ours)
        {
            return check
                with { Actual = actual, Note = Expected is null ? "the harness reported no number" : "too few values for this statistic" };
        }
        var same = Math.Abs(ours - expected) <= RelativeTolerance * Math.Max(1, Math.Abs(expected));
        return check with { Actual = ours, Status = same ? HarnessCheckStatus.Match : HarnessCheckStatus.Mismatch };
    }

    // promptfoo counts assertion passes over all assertions of all rows: add up the pass scores of every assertion metric.
    private ScoreAggregate? Pooled(IReadOnlyList<ScoreAggregate> aggregates)
    {
        var passes = aggregates.Where(a => a.Name == Score && a.Metric != "overall").ToList();
        return passes.Count == 0 ? null : passes[0] with
        {
            Metric = AllAssertions,
            Count = passes.Sum(a => a.Count),
            PassCount = passes.Sum(a => a.PassCount ?? (long)Math.Round(a.Sum ?? 0)),
        };
    }

    private double? Actual(ScoreAggregate aggregate) => Statistic switch
    {
        "mean" => aggregate.ItemMean ?? aggregate.Mean,
        "std_err" => aggregate.StdErr,
        "sum" => aggregate.Sum,
        "count" => aggregate.Count,
        "pass_count" => aggregate.PassCount ?? (double?)null,
        "fail_count" => aggregate.PassCount is { } passed ? aggregate.Count - passed : null,
        "f1" => BinaryF1(aggregate),
        _ => null,
    };

    // A struct per-row f1 holds [gold, pred] pairs, stored as text labels such as "[1,0]"; binary F1 (positive class 1,
    // as sklearn's f1_score that lm-eval calls) follows from the label counts: 2TP / (2TP + FP + FN).
    private static double? BinaryF1(ScoreAggregate aggregate)
    {
        long truePositive = 0, falsePositive = 0, falseNegative = 0;
        foreach (var cell in aggregate.RubricDistribution ?? [])
        {
            switch (cell.Label.Replace(" ", "", StringComparison.Ordinal))
            {
                case "[1,1]":
                    truePositive += cell.Count;
                    break;
                case "[0,1]":
                    falsePositive += cell.Count;
                    break;
                case "[1,0]":
                    falseNegative += cell.Count;
                    break;
                case "[0,0]":
                    break;
                default:
                    return null;
            }
        }
        var denominator = 2 * truePositive + falsePositive + falseNegative;
        return denominator == 0 ? null : 2.0 * truePositive / denominator;
    }
}
