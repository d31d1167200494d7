using Evalstore.Core;
using Evalstore.Scoring.Metrics;

namespace Evalstore.Scoring;

/// <summary>Builds metrics from specs and parses the CLI's short form.</summary>
public static class MetricFactory
{
    /// <summary>Every built-in metric type.</summary>
    public static readonly IReadOnlyList<string> Types =
        ["exact-match", "string-check", "f1", "bleu", "rouge-l", "regex-match", "number-check", "json-valid", "llm-judge"];

    /// <summary>Builds one metric; an unknown type or a bad spec is a 400.</summary>
    public static Metric Create(MetricSpec spec, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Type switch
        {
            "exact-match" => new ExactMatch(spec),
            "string-check" => new StringCheck(spec),
            "f1" => new TokenF1(spec),
            "bleu" => new Bleu(spec),
            "rouge-l" => new RougeL(spec),
            "regex-match" => new RegexMatch(spec),
            "number-check" => new NumberCheck(spec),
            "json-valid" => new JsonValid(spec),
            "llm-judge" => new LlmJudge(spec, http),
            _ => throw EvalstoreException.BadRequest($"Unknown metric type '{spec.Type}'. Built in: {string.Join(", ", Types)}."),
        };
    }

    /// <summary>
    /// Parses <c>TYPE</c> or <c>NAME=TYPE</c> (the CLI's <c>--metric</c>); templates and other settings come from the
    /// command's options or a metrics file.
    /// </summary>
    public static MetricSpec Parse(string text, string? output = null, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var (name, type) = eq > 0 ? (text[..eq], text[(eq + 1)..]) : (null, text);
        if (!Types.Contains(type))
        {
            throw EvalstoreException.BadRequest($"Unknown metric type '{type}'. Built in: {string.Join(", ", Types)}.");
        }
        return new MetricSpec { Type = type, Name = name, Output = output, Reference = reference };
    }
}
