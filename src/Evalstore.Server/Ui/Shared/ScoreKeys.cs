using Evalstore.Core.Model;

namespace Evalstore.Server.Ui.Shared;

/// <summary>How a score is named in URLs and headings: <c>metric</c> when the score shares the metric's name, else
/// <c>metric:name</c>.</summary>
internal static class ScoreKeys
{
    public static string Of(string metric, string name) => metric == name ? metric : $"{metric}:{name}";

    public static string Of(ScoreAggregate score) => Of(score.Metric, score.Name);

    /// <summary>The aggregate a star metric points at, if the result has it.</summary>
    public static ScoreAggregate? Star(ResultInfo result) =>
        result.StarMetric is { } star
            ? result.Scores.FirstOrDefault(s => s.Metric == star.Metric && s.Name == (star.Score ?? star.Metric))
            : null;

    /// <summary>The score to headline in lists: the star metric, else the first score.</summary>
    public static ScoreAggregate? Headline(ResultInfo result) => Star(result) ?? result.Scores.FirstOrDefault();
}
