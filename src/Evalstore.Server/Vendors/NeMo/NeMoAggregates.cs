using Evalstore.Contracts.NeMo;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// Writes a stored aggregate as NeMo's <c>AggregateRangeScore</c> or <c>AggregateRubricScore</c>: range scores (numbers
/// and pass/fail) carry NeMo's p10…p100 and 10-bin histogram, rubric scores their distribution and mode, free-text scores
/// are all-NaN range scores.
/// <c>name</c> and <c>count</c> are always written; the other fields only when selected, and never when null or not
/// finite. Floats go out as Python writes them (<see cref="NeMoJson"/>).
/// </summary>
internal static class NeMoAggregates
{
    /// <summary>Every field name <c>aggregate_fields</c> accepts, in NeMo's order.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["nan_count", "sum", "mean", "min", "max", "std_dev", "variance", "score_type", "percentiles", "histogram", "rubric_distribution",
            "mode_category"];

    private static readonly string[] s_deciles = ["p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90", "p100"];

    /// <param name="aggregate">The stored aggregate.</param>
    /// <param name="name">The name to write (benchmark scores drop their metric prefix).</param>
    /// <param name="fields">Selected fields; null selects all of them.</param>
    public static AggregateScore ToScore(ScoreAggregate aggregate, string name, IReadOnlySet<string>? fields)
    {
        bool Has(string field) => fields is null || fields.Contains(field);
        double? Number(string field, double? value) => Has(field) && value is { } v && double.IsFinite(v) ? v : null;
        if (aggregate.ScoreType == ScoreType.Text)
        {
            return TextScore(aggregate, name, Has);
        }
        var rubric = aggregate.ScoreType == ScoreType.Rubric;
        return new AggregateScore
        {
            Name = name,
            Count = aggregate.Count,
            NanCount = Has("nan_count") ? aggregate.NanCount : null,
            Sum = Number("sum", aggregate.Sum),
            Mean = Number("mean", aggregate.Mean),
            Min = Number("min", aggregate.Min),
            Max = Number("max", aggregate.Max),
            StdDev = Number("std_dev", aggregate.StdDev),
            Variance = Number("variance", aggregate.Variance),
            ScoreType = Has("score_type") ? (rubric ? "rubric" : "range") : null,
            Percentiles = !rubric && Has("percentiles") ? Percentiles(aggregate.Deciles) : null,
            Histogram = !rubric && Has("histogram") ? aggregate.Histogram ?? new Histogram([]) : null,
            RubricDistribution = rubric && Has("rubric_distribution") ? aggregate.RubricDistribution ?? [] : null,
            ModeCategory = rubric && Has("mode_category") ? aggregate.ModeCategory : null,
        };
    }

    /// <summary>
    /// A free-text score has no number, and NeMo's rubric levels must have one (<c>RubricScoreStat.value</c>), so it is
    /// a range score whose every value is NaN, as its row scores are <c>"NaN"</c>: count 0, no statistics, no bins.
    /// </summary>
    private static AggregateScore TextScore(ScoreAggregate aggregate, string name, Func<string, bool> has) => new()
    {
        Name = name,
        Count = 0,
        NanCount = has("nan_count") ? aggregate.Count + aggregate.NanCount : null,
        ScoreType = has("score_type") ? "range" : null,
        Histogram = has("histogram") ? new Histogram([]) : null,
    };

    private static IReadOnlyDictionary<string, double>? Percentiles(IReadOnlyDictionary<string, double>? deciles) =>
        // NeMo requires all ten keys or no percentiles object at all (none when every value was NaN).
        deciles is null || s_deciles.Any(k => !deciles.ContainsKey(k)) ? null : s_deciles.ToDictionary(k => k, k => deciles[k]);
}
