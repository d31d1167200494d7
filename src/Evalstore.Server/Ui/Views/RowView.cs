using System.Text.Json;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Ui.Views;

/// <summary>One stored row (one trial of one item) parsed for display: item, output, scores, and the optional extras.</summary>
public sealed record RowView
{
    /// <summary>Position of the item in the dataset.</summary>
    public required long RowIndex { get; init; }
    /// <summary>Trial number.</summary>
    public required int Trial { get; init; }
    /// <summary>Row digest of the item.</summary>
    public required string Digest { get; init; }
    /// <summary>The dataset item.</summary>
    public JsonElement Item { get; init; }
    /// <summary>The model's output record.</summary>
    public JsonElement Sample { get; init; }
    /// <summary>Every score of the row, in the row's order.</summary>
    public IReadOnlyList<ScoreView> Scores { get; init; } = [];
    /// <summary>Errors of whole metrics (e.g. a judge that timed out).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MetricErrors { get; init; } = [];
    /// <summary>Request logs, if recorded.</summary>
    public JsonElement? Requests { get; init; }
    /// <summary>Token usage, if recorded.</summary>
    public JsonElement? Usage { get; init; }
    /// <summary>Retrieval chunks, if recorded.</summary>
    public JsonElement? Chunks { get; init; }
    /// <summary>Latency in milliseconds, if recorded.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>A one-line preview of the item's input.</summary>
    public string InputPreview => RowTexts.Input(Item);
    /// <summary>A one-line preview of the output.</summary>
    public string OutputPreview => RowTexts.OutputPreview(Sample);
    /// <summary>The output's main text, when it has one; else null (show the whole sample).</summary>
    public string? OutputText => RowTexts.Output(Sample);

    /// <summary>The score with this metric and name, if the row has it.</summary>
    public ScoreView? Score(string metric, string name) =>
        Scores.FirstOrDefault(s => s.Metric == metric && s.Name == name)
        ?? (metric == BuiltInScores.LatencyMs && name == BuiltInScores.LatencyMs && LatencyMs is { } latency
            // the built-in score a row's latency_ms becomes
            ? new ScoreView(metric, name, JsonSerializer.SerializeToElement(latency), null, null)
            : null);

    /// <summary>Parses a stored row line.</summary>
    public static RowView Parse(RowRecord row)
    {
        using var document = row.Parse();
        var root = document.RootElement;
        JsonElement? Optional(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            && !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0) ? value.Clone() : null;
        return new RowView
        {
            RowIndex = row.RowIndex,
            Trial = row.Trial,
            Digest = row.Digest,
            Item = root.TryGetProperty("item", out var item) ? item.Clone() : default,
            Sample = root.TryGetProperty("sample", out var sample) ? sample.Clone() : default,
            Scores = root.TryGetProperty("metrics", out var metrics) ? ScoreView.ReadAll(metrics) : [],
            MetricErrors = root.TryGetProperty("metric_errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(e => KeyValuePair.Create(
                    e.Name, e.Value.ValueKind == JsonValueKind.String ? e.Value.GetString()! : e.Value.GetRawText())).ToList()
                : [],
            Requests = Optional("requests"),
            Usage = Optional("usage"),
            Chunks = Optional("chunks"),
            LatencyMs = root.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Number
                ? latency.GetDouble() : null,
        };
    }
}
