using System.Text.Json.Nodes;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// Writes a stored aggregate as NeMo's <c>AggregateRangeScore</c> or <c>AggregateRubricScore</c>: range scores (numbers
/// and pass/fail) carry NeMo's p10…p100 and 10-bin histogram, rubric scores their distribution and mode, free-text scores
/// are all-NaN range scores.
/// <c>name</c> and <c>count</c> are always written; the other fields only when selected, and never when null.
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
    public static JsonObject ToJson(ScoreAggregate aggregate, string name, IReadOnlySet<string>? fields)
    {
        if (aggregate.ScoreType == ScoreType.Text)
        {
            return TextScore(aggregate, name, fields);
        }
        var rubric = aggregate.ScoreType == ScoreType.Rubric;
        var json = new JsonObject { ["name"] = name, ["count"] = aggregate.Count };
        void Add(string field, JsonNode? value)
        {
            if (value is not null && (fields is null || fields.Contains(field)))
            {
                json[field] = value;
            }
        }
        Add("nan_count", aggregate.NanCount);
        Add("sum", Float(aggregate.Sum));
        Add("mean", Float(aggregate.Mean));
        Add("min", Float(aggregate.Min));
        Add("max", Float(aggregate.Max));
        Add("std_dev", Float(aggregate.StdDev));
        Add("variance", Float(aggregate.Variance));
        Add("score_type", rubric ? "rubric" : "range");
        if (rubric)
        {
            Add("rubric_distribution", Distribution(aggregate.RubricDistribution ?? []));
            Add("mode_category", aggregate.ModeCategory);
        }
        else
        {
            Add("percentiles", Percentiles(aggregate.Deciles));
            Add("histogram", new JsonObject { ["bins"] = Bins(aggregate.Histogram) });
        }
        return json;
    }

    /// <summary>
    /// A free-text score has no number, and NeMo's rubric levels must have one (<c>RubricScoreStat.value</c>), so it is
    /// a range score whose every value is NaN, as its row scores are <c>"NaN"</c>: count 0, no statistics, no bins.
    /// </summary>
    private static JsonObject TextScore(ScoreAggregate aggregate, string name, IReadOnlySet<string>? fields)
    {
        var json = new JsonObject { ["name"] = name, ["count"] = 0 };
        void Add(string field, JsonNode value)
        {
            if (fields is null || fields.Contains(field))
            {
                json[field] = value;
            }
        }
        Add("nan_count", aggregate.Count + aggregate.NanCount);
        Add("score_type", "range");
        Add("histogram", new JsonObject { ["bins"] = new JsonArray() });
        return json;
    }

    /// <summary>
    /// A float as Python writes it (<c>0.0</c>, <c>1.0</c>, <c>0.6</c>): NeMo's statistics are floats, and a client that
    /// reads the JSON without the SDK's models (requests, pandas) must see floats, not the integers <c>0</c> and <c>1</c>.
    /// </summary>
    public static JsonNode? Float(double? value) => value is { } v && double.IsFinite(v) ? JsonNode.Parse(PythonJson.FloatRepr(v)) : null;

    private static JsonObject? Percentiles(IReadOnlyDictionary<string, double>? deciles)
    {
        // NeMo requires all ten keys or no percentiles object at all (none when every value was NaN).
        if (deciles is null || s_deciles.Any(k => !deciles.ContainsKey(k)))
        {
            return null;
        }
        var json = new JsonObject();
        foreach (var key in s_deciles)
        {
            json[key] = Float(deciles[key]);
        }
        return json;
    }

    private static JsonArray Bins(Histogram? histogram) =>
        new((histogram?.Bins ?? []).Select(b => (JsonNode)new JsonObject
        {
            ["lower_bound"] = Float(b.LowerBound),
            ["upper_bound"] = Float(b.UpperBound),
            ["count"] = b.Count,
        }).ToArray());

    private static JsonArray Distribution(IReadOnlyList<RubricCount> levels) =>
        new(levels.Select(level =>
        {
            var json = new JsonObject { ["label"] = level.Label };
            if (level.Description is not null)
            {
                json["description"] = level.Description;
            }
            if (level.Value is { } value)
            {
                json["value"] = Float(value);
            }
            json["count"] = level.Count;
            return (JsonNode)json;
        }).ToArray());
}
