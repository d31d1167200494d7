using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// The <c>summary</c> of a query, computed exactly as Weave's <c>compute_summary_from_rows</c>: every scorer output is
/// walked, nested dicts flattened into <c>(scorer_key, path)</c>; a boolean leaf is binary (pass counts), a number is
/// continuous (a running mean, updated the way Python does it), text only counts trials; nulls and lists are skipped.
/// </summary>
internal sealed class SummaryBuilder(IReadOnlyList<ResultInfo> runs)
{
    private readonly RunSummary?[] _runs = new RunSummary?[runs.Count];

    public void Add(WeaveTrial trial, int run)
    {
        var summary = _runs[run] ??= new RunSummary();
        summary.Trials++;
        if (trial.TotalTokens is { } tokens)
        {
            summary.Tokens = (summary.Tokens ?? 0) + tokens;
        }
        foreach (var scorer in trial.Scores.EnumerateObject())
        {
            Walk(summary, scorer.Value, scorer.Name, null);
        }
    }

    public void Write(Utf8JsonWriter writer, long rowCount)
    {
        writer.WriteStartObject();
        writer.WriteNumber("row_count", rowCount);
        writer.WriteStartArray("evaluations");
        for (var i = 0; i < runs.Count; i++)
        {
            if (_runs[i] is { } summary)
            {
                WriteRun(writer, runs[i], summary);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Walk(RunSummary summary, JsonElement value, string scorer, string? path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                var binary = summary.Dimension(scorer, path, "binary");
                binary.Trials++;
                binary.PassKnown++;
                binary.PassTrue += value.ValueKind == JsonValueKind.True ? 1 : 0;
                break;
            case JsonValueKind.Number:
                var continuous = summary.Dimension(scorer, path, "continuous");
                continuous.Trials++;
                var total = (continuous.Mean ?? 0.0) * continuous.NumericCount;
                continuous.NumericCount++;
                continuous.Mean = (total + value.GetDouble()) / continuous.NumericCount;
                break;
            case JsonValueKind.String:
                summary.Dimension(scorer, path, "text").Trials++;
                break;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    Walk(summary, member.Value, scorer, path is null ? member.Name : path + "." + member.Name);
                }
                break;
        }
    }

    private static void WriteRun(Utf8JsonWriter writer, ResultInfo run, RunSummary summary)
    {
        writer.WriteStartObject();
        writer.WriteString("evaluation_call_id", run.Id.ToString());
        writer.WriteNumber("trial_count", summary.Trials);
        writer.WriteStartArray("scorer_stats");
        foreach (var stats in summary.Dimensions)
        {
            writer.WriteStartObject();
            writer.WriteString("scorer_key", stats.Scorer);
            writer.WriteString("path", stats.Path);
            writer.WriteString("value_type", stats.Type);
            writer.WriteNumber("trial_count", stats.Trials);
            writer.WriteNumber("numeric_count", stats.NumericCount);
            writer.WriteFloat("numeric_mean", stats.Mean);
            writer.WriteNumber("pass_true_count", stats.PassTrue);
            writer.WriteNumber("pass_known_count", stats.PassKnown);
            writer.WriteFloat("pass_rate", stats.PassKnown > 0 ? (double)stats.PassTrue / stats.PassKnown : null);
            writer.WriteFloat("pass_signal_coverage", stats.Trials > 0 ? (double)stats.PassKnown / stats.Trials : null);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (summary.Tokens is { } tokens)
        {
            writer.WriteNumber("predict_total_tokens", tokens);
        }
        else
        {
            writer.WriteNull("predict_total_tokens");
        }
        writer.WriteNull("predict_total_cost");
        writer.WriteString("evaluation_ref", run.Evaluation);
        writer.WriteString("model_ref", run.Model);
        writer.WriteString("display_name", run.Name);
        writer.WriteString("trace_id", run.Id.ToString());
        writer.WriteString("started_at", (run.StartedAt ?? run.CreatedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'",
            System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private sealed class RunSummary
    {
        private readonly Dictionary<(string, string?), ScorerStats> _byKey = [];

        public long Trials;
        public long? Tokens;
        public readonly List<ScorerStats> Dimensions = [];

        // Weave keys a dimension by (scorer, path); the first leaf seen fixes its value type.
        public ScorerStats Dimension(string scorer, string? path, string type)
        {
            if (!_byKey.TryGetValue((scorer, path), out var stats))
            {
                stats = new ScorerStats(scorer, path, type);
                _byKey.Add((scorer, path), stats);
                Dimensions.Add(stats);
            }
            return stats;
        }
    }

    private sealed class ScorerStats(string scorer, string? path, string type)
    {
        public string Scorer { get; } = scorer;
        public string? Path { get; } = path;
        public string Type { get; } = type;
        public long Trials;
        public long NumericCount;
        public double? Mean;
        public long PassTrue;
        public long PassKnown;
    }
}
