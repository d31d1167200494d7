using System.Text.Json.Serialization;
using Evalstore.Core.Model;

namespace Evalstore.Scoring.Metrics;

/// <summary>One metric to compute offline: its type, the score name it writes, where output and reference come from.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MetricSpec
{
    /// <summary>Default template of the model output.</summary>
    public const string DefaultOutput = "{{sample.output_text}}";

    /// <summary>Default template of the reference.</summary>
    public const string DefaultReference = "{{item.reference}}";

    /// <summary>
    /// <c>exact-match</c>, <c>string-check</c>, <c>f1</c>, <c>bleu</c>, <c>rouge-l</c>, <c>regex-match</c>,
    /// <c>number-check</c>, <c>json-valid</c> or <c>llm-judge</c>.
    /// </summary>
    public required string Type { get; init; }
    /// <summary>Metric key written in each row (defaults to the type).</summary>
    public string? Name { get; init; }
    /// <summary>Template of the output, e.g. <c>{{sample.output_text}}</c>.</summary>
    public string? Output { get; init; }
    /// <summary>Template of the reference, e.g. <c>{{item.reference}}</c>.</summary>
    public string? Reference { get; init; }
    /// <summary>regex-match: the pattern (defaults to the reference, taken as a pattern).</summary>
    public string? Pattern { get; init; }
    /// <summary>number-check: allowed absolute difference (default 1e-6).</summary>
    public double? Tolerance { get; init; }
    /// <summary>number-check: tolerance relative to the reference instead of absolute.</summary>
    public bool Relative { get; init; }
    /// <summary>llm-judge: the chat completions URL of an OpenAI-compatible endpoint.</summary>
    public string? Url { get; init; }
    /// <summary>llm-judge: the model name sent to the endpoint.</summary>
    public string? Model { get; init; }
    /// <summary>llm-judge: environment variable holding the endpoint's API key, if it needs one.</summary>
    public string? ApiKeyEnv { get; init; }
    /// <summary>llm-judge: rubric levels the judge picks from (default: poor=1, fair=2, good=3).</summary>
    public IReadOnlyList<RubricLevel>? Rubric { get; init; }
    /// <summary>llm-judge: the question put to the judge (templates allowed).</summary>
    public string? Prompt { get; init; }
    /// <summary>llm-judge: requests in flight at once (default 4).</summary>
    public int? Concurrency { get; init; }
    /// <summary>llm-judge: seconds before a request counts as an error (default 60).</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>The metric key.</summary>
    [JsonIgnore]
    public string Key => string.IsNullOrEmpty(Name) ? Type : Name;
}
