using System.Globalization;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Run-level metric results from the stored aggregates: a binary score is a PERCENTAGE (pass rate × 100), a range
/// or rubric score a NUMBER (its mean; a rubric also names its mode in <c>string_value</c>), a text score a STRING
/// (its most frequent label). Metric names are the metric key, or <c>metric:score</c> when the score is named apart.
/// </summary>
internal static class GradientMetrics
{
    public const string Number = "METRIC_VALUE_TYPE_NUMBER";
    public const string Text = "METRIC_VALUE_TYPE_STRING";
    public const string Percentage = "METRIC_VALUE_TYPE_PERCENTAGE";
    public const string Completed = "EVALUATION_METRIC_RESULT_STATUS_COMPLETED";
    public const string Failed = "EVALUATION_METRIC_RESULT_STATUS_FAILED";
    public const string Skipped = "EVALUATION_METRIC_RESULT_STATUS_SKIPPED";

    /// <summary>The DigitalOcean metric name of a score.</summary>
    public static string Name(string metric, string score) => score == metric ? metric : $"{metric}:{score}";

    /// <summary>The value type a score is reported with.</summary>
    public static string ValueType(ScoreType type) => type switch
    {
        ScoreType.Binary => Percentage,
        ScoreType.Text => Text,
        _ => Number,
    };

    /// <summary>The stable UUID of a metric name in a workspace (the same in every run, so results can be grouped by it).</summary>
    public static string Uuid(string workspace, string name) => GradientIds.For("metric", workspace, name);

    public static ApiEvaluationMetricResult RunLevel(string workspace, ScoreAggregate aggregate)
    {
        var name = Name(aggregate.Metric, aggregate.Name);
        var result = new ApiEvaluationMetricResult
        {
            MetricName = name,
            MetricUuid = Uuid(workspace, name),
            MetricValueType = ValueType(aggregate.ScoreType),
            Status = Completed,
        };
        if (aggregate.Count == 0)
        {
            return result with
            {
                Status = Failed,
                ErrorDescription = $"No value to aggregate: {aggregate.NanCount} value(s) were NaN or missing.",
            };
        }
        var counted = $"{aggregate.Count} value(s), {aggregate.NanCount} NaN";
        return aggregate.ScoreType switch
        {
            ScoreType.Binary => result with
            {
                NumberValue = (aggregate.PassRate ?? aggregate.Mean ?? 0) * 100,
                Reasoning = $"Pass rate in percent over {counted}.",
            },
            ScoreType.Text
                => result with { StringValue = aggregate.ModeCategory ?? "", Reasoning = $"Most frequent label over {counted}." },
            ScoreType.Rubric => result with
            {
                NumberValue = aggregate.Mean ?? 0,
                StringValue = aggregate.ModeCategory ?? "",
                Reasoning = $"Mean rubric value over {counted}; string_value is the most frequent level.",
            },
            _ => result with { NumberValue = aggregate.Mean ?? 0, Reasoning = $"Mean over {counted}." },
        };
    }

    /// <summary>The star metric's result: the statistic its threshold was compared with (a pass rate as a percentage).</summary>
    public static ApiEvaluationMetricResult Star(string workspace, ScoreAggregate aggregate, StarMetric star, bool passed)
    {
        var statistic = star.Statistic ?? "mean";
        var value = PassStatus.Statistic(aggregate, statistic);
        var asPercentage = aggregate.ScoreType == ScoreType.Binary && statistic is "mean" or "pass_rate";
        var higherIsBetter = star.HigherIsBetter ?? aggregate.HigherIsBetter;
        var comparison = higherIsBetter ? "at least" : "at most";
        var shown = value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "no value";
        return new ApiEvaluationMetricResult
        {
            MetricName = Name(aggregate.Metric, aggregate.Name),
            MetricUuid = Uuid(workspace, Name(aggregate.Metric, aggregate.Name)),
            MetricValueType = asPercentage ? Percentage : Number,
            NumberValue = (value ?? 0) * (asPercentage ? 100 : 1),
            Status = value is null ? Failed : Completed,
            ErrorDescription = value is null ? $"The star metric has no {statistic}." : "",
            Reasoning = string.Create(CultureInfo.InvariantCulture,
                $"{statistic} {shown} must be {comparison} {star.Threshold:G6}: {(passed ? "passed" : "failed")}."),
        };
    }
}
