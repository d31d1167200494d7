using Evalstore.Core.Model;

namespace Evalstore.Core.Aggregation;

/// <summary>
/// Scores Evalstore derives from row fields so that they get aggregates, intervals and comparisons like any metric:
/// a row's <c>latency_ms</c> becomes the score <c>latency_ms</c> (lower is better), unless the row already has a
/// metric of that name. This is what lets a CI gate require <c>latency_ms.p90&lt;=2000</c>.
/// </summary>
public static class BuiltInScores
{
    /// <summary>Metric key and score name of the latency score.</summary>
    public const string LatencyMs = "latency_ms";

    private static readonly MetricDeclaration s_latency = new()
    {
        Metric = LatencyMs,
        Type = ScoreType.Range,
        HigherIsBetter = false,
        Description = "Model latency in milliseconds, from each row's latency_ms",
    };

    /// <summary>The implicit declaration of a built-in score, if <paramref name="metric"/> names one.</summary>
    public static MetricDeclaration? Declaration(string metric) => metric == LatencyMs ? s_latency : null;
}
