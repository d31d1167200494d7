using System.Buffers;
using System.Text.Json;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// One trial as Weave sees it (a predict_and_score call), read from a stored row or from a pending prediction. It
/// borrows parsed JSON: valid until disposed, which streaming readers do as soon as the next trial is read.
/// </summary>
internal sealed class WeaveTrial : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private WeaveTrial(TrialRef reference, string digest, string model) => (Ref, Digest, Model) = (reference, digest, model);

    public TrialRef Ref { get; }

    /// <summary>The row digest of the item.</summary>
    public string Digest { get; }

    /// <summary>The model ref of the prediction ("" when unknown).</summary>
    public string Model { get; }

    /// <summary>The dataset row (Weave's <c>inputs.example</c>).</summary>
    public JsonElement Item { get; private set; }

    /// <summary>The model output: the sample's <c>output</c>, else its <c>output_text</c>, else the whole sample.</summary>
    public JsonElement ModelOutput { get; private set; }

    /// <summary>Weave scores, <c>{scorer_key: value}</c>.</summary>
    public JsonElement Scores { get; private set; }

    public double? LatencySeconds { get; private set; }

    public long? TotalTokens { get; private set; }

    /// <summary>Each scorer key with the scorer ref (or the key itself) and the id of that score.</summary>
    public IReadOnlyList<(string Key, string Scorer, string ScoreId)> Scorers { get; private set; } = [];

    /// <summary>Weave's <c>inputs</c> of a prediction: the item when it is an object, else <c>{"example": item}</c>.</summary>
    public JsonElement Inputs => Item.ValueKind == JsonValueKind.Object ? Item : Own(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("example");
        Item.WriteTo(w);
        w.WriteEndObject();
    });

    public static WeaveTrial FromRow(ResultInfo run, RowRecord row)
    {
        var document = row.Parse();
        var root = document.RootElement;
        var extension = root.TryGetProperty("weave", out var weave) && weave.ValueKind == JsonValueKind.Object ? weave : (JsonElement?)null;
        var key = extension is { } e && e.TryGetProperty("prediction", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var reference = key is null ? TrialRef.OfRow(run.Id, row.RowIndex, row.Trial) : TrialRef.OfPrediction(run.Id, key);
        var model = extension is { } m && m.TryGetProperty("model", out var mv) && mv.ValueKind == JsonValueKind.String ? mv.GetString()! : run.Model ?? "";
        var trial = new WeaveTrial(reference, row.Digest, model) { Item = root.GetProperty("item"), ModelOutput = OutputOf(root.GetProperty("sample")) };
        trial._owned.Add(document);
        if (extension is { } x && x.TryGetProperty("scores", out var written) && written.ValueKind == JsonValueKind.Object)
        {
            trial.Scores = written;
        }
        else
        {
            trial.Scores = trial.Own(w => WeaveScores.WriteFromMetrics(root.TryGetProperty("metrics", out var metrics) ? metrics : default, w));
        }
        var scorers = extension is { } s && s.TryGetProperty("scorers", out var sc) && sc.ValueKind == JsonValueKind.Object ? sc : (JsonElement?)null;
        trial.Scorers = [.. trial.Scores.EnumerateObject().Select((score, index) =>
            scorers is { } known && known.TryGetProperty(score.Name, out var info)
                ? (score.Name, info.GetProperty("scorer").GetString()!, reference.ScoreId(info.GetProperty("score_id").GetString()!))
                : (score.Name, score.Name, reference.ScoreId(index)))];
        trial.LatencySeconds = root.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Number ? latency.GetDouble() / 1000 : null;
        trial.TotalTokens = root.TryGetProperty("usage", out var usage) ? TokensOf(usage) : null;
        return trial;
    }

    public static WeaveTrial FromPending(ResultInfo run, PendingPrediction prediction)
    {
        var reference = TrialRef.OfPrediction(run.Id, prediction.Key);
        var trial = new WeaveTrial(reference, RowDigest.Compute(prediction.Inputs), prediction.Model)
        {
            Item = prediction.Inputs,
            ModelOutput = prediction.Output,
        };
        var latest = prediction.LatestScores();
        trial.Scores = trial.Own(w =>
        {
            w.WriteStartObject();
            foreach (var score in latest)
            {
                w.WritePropertyName(score.ScorerKey);
                score.Value.WriteTo(w);
            }
            w.WriteEndObject();
        });
        trial.Scorers = [.. latest.Select(s => (s.ScorerKey, s.Scorer, reference.ScoreId(s.Key)))];
        return trial;
    }

    private static JsonElement OutputOf(JsonElement sample) =>
        sample.TryGetProperty("output", out var output) ? output
        : sample.TryGetProperty("output_text", out var text) ? text
        : sample;

    // Weave's total_tokens; Evalstore usage has input/output tokens, which add up to it when no total is given.
    private static long? TokensOf(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (usage.TryGetProperty("total_tokens", out var total) && total.TryGetInt64(out var all))
        {
            return all;
        }
        long? sum = null;
        foreach (var name in (ReadOnlySpan<string>)["input_tokens", "output_tokens"])
        {
            if (usage.TryGetProperty(name, out var part) && part.TryGetInt64(out var tokens))
            {
                sum = (sum ?? 0) + tokens;
            }
        }
        return sum;
    }

    private JsonElement Own(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WeaveJson.Writer))
        {
            write(writer);
        }
        var document = JsonDocument.Parse(buffer.WrittenMemory);
        _owned.Add(document);
        return document.RootElement;
    }

    /// <summary>Takes ownership of what the trial's JSON borrows from.</summary>
    public WeaveTrial Keep(IDisposable owner)
    {
        _owned.Add(owner);
        return this;
    }

    public void Dispose() => _owned.ForEach(d => d.Dispose());
}
