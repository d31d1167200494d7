using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Maps stored rows to DigitalOcean prompts. A prompt is one row (one trial of one item); its <c>prompt_id</c> is its
/// 1-based position in row order (row_index, then trial), which is <c>row_index + 1</c> for a one-trial result
/// numbered from 0.
/// </summary>
internal sealed class GradientPrompts(ResultInfo result)
{
    private readonly PromptFields _fields = PromptFields.For(result);
    private readonly Dictionary<(string, string), ScoreAggregate> _aggregates =
        result.Scores.GroupBy(s => (s.Metric, s.Name)).ToDictionary(g => g.Key, g => g.First());

    public ApiPrompt ToPrompt(RowRecord row, long promptId)
    {
        using var document = row.Parse();
        var root = document.RootElement;
        var input = PromptFields.Resolve(root, _fields.Input);
        if (input is null && _fields.Input == PromptFields.Default.Input && root.TryGetProperty("item", out var item)
            && item.ValueKind == JsonValueKind.String)
        {
            input = item; // a plain-text item is its own input
        }
        return new ApiPrompt
        {
            PromptId = promptId,
            Input = PromptFields.Text(input),
            Output = PromptFields.Text(PromptFields.Resolve(root, _fields.Output)),
            GroundTruth = PromptFields.Text(PromptFields.Resolve(root, _fields.GroundTruth)),
            InputTokens = PromptFields.Tokens(PromptFields.Resolve(root, _fields.InputTokens)),
            OutputTokens = PromptFields.Tokens(PromptFields.Resolve(root, _fields.OutputTokens)),
            PromptChunks = Chunks(PromptFields.Resolve(root, _fields.Chunks)),
            PromptLevelMetricResults = MetricResults(root),
            TraceId = PromptFields.Text(PromptFields.Resolve(root, _fields.TraceId)),
        };
    }

    private static List<ApiPromptChunk> Chunks(JsonElement? chunks)
    {
        if (chunks is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }
        return array.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).Select(c => new ApiPromptChunk
        {
            ChunkUsagePct = c.TryGetProperty("chunk_usage_pct", out var pct) && pct.ValueKind == JsonValueKind.Number ? pct.GetDouble() : 0,
            ChunkUsed = c.TryGetProperty("chunk_used", out var used) && used.ValueKind == JsonValueKind.True,
            IndexUuid = PromptFields.Text(c.TryGetProperty("index_uuid", out var index) ? index : null),
            SourceName = PromptFields.Text(c.TryGetProperty("source_name", out var source) ? source : null),
            Text = PromptFields.Text(c.TryGetProperty("text", out var text) ? text : null),
        }).ToList();
    }

    private List<ApiEvaluationMetricResult> MetricResults(JsonElement root)
    {
        var errors = root.TryGetProperty("metric_errors", out var e) && e.ValueKind == JsonValueKind.Object
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => PromptFields.Text(p.Value), StringComparer.Ordinal)
            : [];
        var results = new List<ApiEvaluationMetricResult>();
        var scored = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in metrics.EnumerateObject())
            {
                if (metric.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                scored.Add(metric.Name);
                foreach (var score in metric.Value.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
                {
                    results.Add(MetricResult(metric.Name, score, errors.GetValueOrDefault(metric.Name)));
                }
            }
        }
        // A metric that only failed still shows up, as a failed result with its error.
        foreach (var (metric, error) in errors.Where(kv => !scored.Contains(kv.Key)))
        {
            results.Add(new ApiEvaluationMetricResult
            {
                MetricName = metric,
                MetricUuid = GradientMetrics.Uuid(result.Workspace, metric),
                MetricValueType = GradientMetrics.Number,
                Status = GradientMetrics.Failed,
                ErrorDescription = error,
            });
        }
        return results;
    }

    private ApiEvaluationMetricResult MetricResult(string metric, JsonElement score, string? error)
    {
        var scoreName = score.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : metric;
        var name = GradientMetrics.Name(metric, scoreName);
        var aggregate = _aggregates.GetValueOrDefault((metric, scoreName));
        var value = score.TryGetProperty("value", out var v) ? v : default;
        var basis = new ApiEvaluationMetricResult
        {
            MetricName = name,
            MetricUuid = GradientMetrics.Uuid(result.Workspace, name),
            MetricValueType = GradientMetrics.Number,
            Status = GradientMetrics.Completed,
            Reasoning = PromptFields.Text(score.TryGetProperty("reasoning", out var r) ? r : null),
            ErrorDescription = error ?? "",
        };
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => basis with { NumberValue = number },
            JsonValueKind.True => basis with { NumberValue = 1 },
            JsonValueKind.False => basis with { NumberValue = 0 },
            JsonValueKind.String when !IsNaN(value.GetString()) => Label(basis, value.GetString()!, aggregate),
            // NaN, null or missing: no value. Failed when the metric reported an error, skipped otherwise.
            _ => basis with { Status = error is null ? GradientMetrics.Skipped : GradientMetrics.Failed },
        };
    }

    private static ApiEvaluationMetricResult Label(ApiEvaluationMetricResult basis, string label, ScoreAggregate? aggregate)
    {
        var level = aggregate?.ScoreType == ScoreType.Rubric
            ? aggregate.RubricDistribution?.FirstOrDefault(l => l.Label == label)
            : null;
        return level?.Value is { } levelValue
            ? basis with { NumberValue = levelValue, StringValue = label }
            : basis with { MetricValueType = GradientMetrics.Text, StringValue = label };
    }

    private static bool IsNaN(string? text) => string.Equals(text, "NaN", StringComparison.OrdinalIgnoreCase);
}
