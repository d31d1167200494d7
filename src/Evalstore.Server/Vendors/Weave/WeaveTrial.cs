using System.Buffers;
using System.Text.Json;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// One trial as Weave sees it (a predict_and_score call), read from a stored row or from a pending prediction. A row
/// is parsed only when something beyond its digest is asked for, so passes that only group digests stay at copy
/// speed. It borrows parsed JSON: valid until disposed, which streaming readers do when the next trial is read.
/// </summary>
internal sealed class WeaveTrial : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly ResultInfo _run;
    private RowRecord? _unparsed;
    private TrialRef? _ref;
    private string _model = "";
    private JsonElement _item;
    private JsonElement _output;
    private JsonElement _scores;
    private double? _latency;
    private long? _tokens;
    private JsonElement? _writtenScorers;
    private IReadOnlyList<(string Key, string Scorer, string ScoreId)>? _scorers;

    private WeaveTrial(ResultInfo run, string digest) => (_run, Digest) = (run, digest);

    /// <summary>The row digest of the item.</summary>
    public string Digest { get; }

    public TrialRef Ref => Loaded()._ref!;

    /// <summary>The model ref of the prediction ("" when unknown).</summary>
    public string Model => Loaded()._model;

    /// <summary>The dataset row (Weave's <c>inputs.example</c>).</summary>
    public JsonElement Item => Loaded()._item;

    /// <summary>The model output: the sample's <c>output</c>, else its <c>output_text</c>, else the whole sample.</summary>
    public JsonElement ModelOutput => Loaded()._output;

    /// <summary>Weave scores, <c>{scorer_key: value}</c>.</summary>
    public JsonElement Scores => Loaded()._scores;

    public double? LatencySeconds => Loaded()._latency;

    public long? TotalTokens => Loaded()._tokens;

    /// <summary>Each scorer key with the scorer ref (or the key itself) and the id of that score.</summary>
    public IReadOnlyList<(string Key, string Scorer, string ScoreId)> Scorers
        => _scorers ??= [.. Scores.EnumerateObject().Select((score, index) =>
        _writtenScorers is { } known && known.TryGetProperty(score.Name, out var info)
            ? (score.Name, info.GetProperty("scorer").GetString()!, Ref.ScoreId(info.GetProperty("score_id").GetString()!))
            : (score.Name, score.Name, Ref.ScoreId(index)))];

    /// <summary>Weave's <c>inputs</c> of a prediction: the item when it is an object, else <c>{"example": item}</c>.</summary>
    public JsonElement Inputs => Item.ValueKind == JsonValueKind.Object ? Item : Own(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("example");
        Item.WriteTo(w);
        w.WriteEndObject();
    });

    /// <summary>The stored row's index, known without parsing; null for a pending prediction.</summary>
    public long? RowIndex { get; private init; }

    public static WeaveTrial FromRow(ResultInfo run, RowRecord row) => new(run, row.Digest) { _unparsed = row, RowIndex = row.RowIndex };

    private WeaveTrial Loaded()
    {
        if (_unparsed is not { } row)
        {
            return this;
        }
        _unparsed = null;
        var document = row.Parse();
        _owned.Add(document);
        var root = document.RootElement;
        var extension = root.TryGetProperty("weave", out var weave) && weave.ValueKind == JsonValueKind.Object ? weave : (JsonElement?)null;
        var key = extension is { } e && e.TryGetProperty("prediction", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()
            : null;
        _ref = key is null ? TrialRef.OfRow(_run.Id, row.RowIndex, row.Trial) : TrialRef.OfPrediction(_run.Id, key);
        _model = extension is { } m && m.TryGetProperty("model", out var mv) && mv.ValueKind == JsonValueKind.String ? mv.GetString()!
            : _run.Model ?? "";
        _item = root.GetProperty("item");
        _output = OutputOf(root.GetProperty("sample"));
        _scores = extension is { } x && x.TryGetProperty("scores", out var written) && written.ValueKind == JsonValueKind.Object
            ? written
            : Own(w => WeaveScores.WriteFromMetrics(root.TryGetProperty("metrics", out var metrics) ? metrics : default, w));
        _writtenScorers = extension is { } s && s.TryGetProperty("scorers", out var sc) && sc.ValueKind == JsonValueKind.Object ? sc : null;
        _latency = root.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Number
            ? latency.GetDouble() / 1000 : null;
        _tokens = root.TryGetProperty("usage", out var usage) ? TokensOf(usage) : null;
        return this;
    }

    public static WeaveTrial FromPending(ResultInfo run, PendingPrediction prediction)
    {
        var reference = TrialRef.OfPrediction(run.Id, prediction.Key);
        var trial = new WeaveTrial(run, RowDigest.Compute(prediction.Inputs))
        {
            _ref = reference,
            _model = prediction.Model,
            _item = prediction.Inputs,
            _output = prediction.Output,
        };
        var latest = prediction.LatestScores();
        trial._scores = trial.Own(w =>
        {
            w.WriteStartObject();
            foreach (var score in latest)
            {
                w.WritePropertyName(score.ScorerKey);
                score.Value.WriteTo(w);
            }
            w.WriteEndObject();
        });
        trial._scorers = [.. latest.Select(s => (s.ScorerKey, s.Scorer, reference.ScoreId(s.Key)))];
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
