using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Evalstore.Client.AI;

/// <summary>
/// Maps one evaluated exchange to one row of the ingest format. The item is the conversation that was sent
/// (<c>messages</c>, the last user message as <c>input</c>, and the scenario when there is one), so the same prompt
/// joins across results by its row digest; the sample is the response. Each metric becomes a metric key whose scores are
/// its value (<see cref="NumericMetric"/> a number, <see cref="BooleanMetric"/> pass/fail, <see cref="StringMetric"/> a
/// label; its reason the reasoning), its interpretation's <c>rating</c> (a rubric, unacceptable 1 … exceptional 5) and
/// <c>passed</c> (not <c>failed</c>, so pass rates read the right way up); error diagnostics become the metric's entry in
/// <c>metric_errors</c>, and every diagnostic and metadata entry stays on the score.
/// </summary>
public static class EvaluationRows
{
    /// <summary>Score name of an interpretation's rating inside a metric.</summary>
    public const string RatingScore = "rating";

    /// <summary>Score name of an interpretation's verdict inside a metric (true when the interpretation did not fail).</summary>
    public const string PassedScore = "passed";

    /// <summary>The rating levels, worst first, with their rubric values; unknown and inconclusive ratings are missing values.</summary>
    public static readonly IReadOnlyList<RubricLevel> RatingLevels =
    [
        new("unacceptable", 1), new("poor", 2), new("average", 3), new("good", 4), new("exceptional", 5),
    ];

    private static JsonSerializerOptions Json => AIJsonUtilities.DefaultOptions;

    /// <summary>The item of a row: what was asked.</summary>
    public static JsonObject Item(IEnumerable<ChatMessage> messages, string? scenario = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var item = new JsonObject();
        if (scenario is not null)
        {
            item["scenario"] = scenario;
        }
        if (list.LastOrDefault(m => m.Role == ChatRole.User) is { } lastUser)
        {
            item["input"] = lastUser.Text;
        }
        item["messages"] = JsonSerializer.SerializeToNode(list, Json.GetTypeInfo(typeof(IList<ChatMessage>)));
        return item;
    }

    /// <summary>
    /// The row: item, sample (<c>output_text</c> and the whole response), metrics, errors, token usage, and latency when
    /// given. <paramref name="rowIndex"/> and <paramref name="trial"/> place it among the result's rows.
    /// </summary>
    public static JsonObject Row(JsonObject item, ChatResponse response, EvaluationResult result, long rowIndex, int trial,
        TimeSpan? latency = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(result);
        var row = new JsonObject
        {
            ["row_index"] = rowIndex,
            ["trial"] = trial,
            ["item"] = item,
            ["sample"] = new JsonObject
            {
                ["output_text"] = response.Text,
                ["response"] = JsonSerializer.SerializeToNode(response, Json.GetTypeInfo(typeof(ChatResponse))),
            },
        };
        var metrics = new JsonObject();
        var errors = new JsonObject();
        foreach (var (key, metric) in result.Metrics)
        {
            metrics[key] = Scores(key, metric);
            var failures = metric.Diagnostics?.Where(d => d.Severity == EvaluationDiagnosticSeverity.Error).Select(d => d.Message).ToList()
                ?? [];
            if (failures.Count > 0)
            {
                errors[key] = string.Join("; ", failures);
            }
        }
        row["metrics"] = metrics;
        if (errors.Count > 0)
        {
            row["metric_errors"] = errors;
        }
        if (response.Usage is { } usage)
        {
            row["usage"] = new JsonObject { ["input_tokens"] = usage.InputTokenCount, ["output_tokens"] = usage.OutputTokenCount };
        }
        if (latency is { } elapsed)
        {
            row["latency_ms"] = elapsed.TotalMilliseconds;
        }
        return row;
    }

    /// <summary>
    /// Declarations for the scores these results produce: numeric values are ranges, boolean values and <c>passed</c>
    /// binary, <c>rating</c> the rubric of <see cref="RatingLevels"/> (string values stay undeclared, typed by the server).
    /// </summary>
    public static IReadOnlyList<MetricDeclaration> Declarations(IEnumerable<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var declarations = new Dictionary<(string, string), MetricDeclaration>();
        void Declare(string metric, string score, ScoreType type) =>
            declarations.TryAdd((metric, score), new MetricDeclaration
            {
                Metric = metric,
                Score = score,
                Type = type,
                Rubric = type == ScoreType.Rubric ? RatingLevels : null,
            });
        foreach (var (key, metric) in results.SelectMany(r => r.Metrics))
        {
            switch (metric)
            {
                case NumericMetric:
                    Declare(key, key, ScoreType.Range);
                    break;
                case BooleanMetric:
                    Declare(key, key, ScoreType.Binary);
                    break;
            }
            if (metric.Interpretation is not null)
            {
                Declare(key, RatingScore, ScoreType.Rubric);
                Declare(key, PassedScore, ScoreType.Binary);
            }
        }
        return [.. declarations.Values];
    }

    private static JsonArray Scores(string key, EvaluationMetric metric)
    {
        var value = new JsonObject
        {
            ["name"] = key,
            ["value"] = metric switch
            {
                NumericMetric numeric => numeric.Value is { } d && double.IsFinite(d) ? JsonValue.Create(d) : null,
                BooleanMetric boolean => boolean.Value is { } b ? JsonValue.Create(b) : null,
                StringMetric text => text.Value is { } s ? JsonValue.Create(s) : null,
                _ => null,
            },
        };
        if (metric.Reason is { } reason)
        {
            value["reasoning"] = reason;
        }
        if (metric.Diagnostics is { Count: > 0 } diagnostics)
        {
            value["diagnostics"] = new JsonArray([.. diagnostics.Select(d => (JsonNode)new JsonObject
            {
                ["severity"] = d.Severity.ToString().ToLowerInvariant(),
                ["message"] = d.Message,
            })]);
        }
        if (metric.Metadata is { Count: > 0 } metadata)
        {
            value["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }
        var scores = new JsonArray(value);
        if (metric.Interpretation is { } interpretation)
        {
            var rating = new JsonObject
            {
                ["name"] = RatingScore,
                ["value"] = interpretation.Rating is EvaluationRating.Unknown or EvaluationRating.Inconclusive
                    ? null
                    : interpretation.Rating.ToString().ToLowerInvariant(),
            };
            if (interpretation.Reason is { } why)
            {
                rating["reasoning"] = why;
            }
            scores.Add(rating);
            scores.Add(new JsonObject { ["name"] = PassedScore, ["value"] = !interpretation.Failed });
        }
        return scores;
    }
}
