using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>A prediction written through the Weave API and its scores (in creation order), backed by parsed documents.</summary>
internal sealed class PendingPrediction(string key, JsonDocument prediction) : IDisposable
{
    private readonly List<JsonDocument> _documents = [prediction];
    private readonly List<PendingScore> _scores = [];
    private bool _detached;

    public string Key { get; } = key;

    public string Model => prediction.RootElement.GetProperty("model").GetString() ?? "";

    public JsonElement Inputs => prediction.RootElement.GetProperty("inputs");

    public JsonElement Output => prediction.RootElement.GetProperty("output");

    public IReadOnlyList<PendingScore> Scores => _scores;

    /// <summary>
    /// The score per scorer key, the last written winning (Weave keeps one output per scorer name); keys in order of
    /// first appearance.
    /// </summary>
    public IReadOnlyList<PendingScore> LatestScores()
    {
        var latest = new List<PendingScore>();
        foreach (var score in _scores)
        {
            var index = latest.FindIndex(s => s.ScorerKey == score.ScorerKey);
            if (index >= 0)
            {
                latest[index] = score;
            }
            else
            {
                latest.Add(score);
            }
        }
        return latest;
    }

    public void AddScore(string scoreKey, JsonDocument score)
    {
        _documents.Add(score);
        _scores.Add(
            new PendingScore(scoreKey, score.RootElement.GetProperty("scorer").GetString() ?? "", score.RootElement.GetProperty("value")));
    }

    /// <summary>Keeps the documents alive past the enumeration that produced this prediction; the caller disposes.</summary>
    public PendingPrediction Detach()
    {
        _detached = true;
        return this;
    }

    public void Dispose()
    {
        if (_detached)
        {
            _detached = false;
            return;
        }
        _documents.ForEach(d => d.Dispose());
    }
}

/// <summary>One written score: its key, the scorer ref as given, and the value.</summary>
internal sealed record PendingScore(string Key, string Scorer, JsonElement Value)
{
    /// <summary>
    /// The scorer's name, as Weave derives it from a ref: <c>weave:///e/p/object/ExactMatch:abc</c> → <c>ExactMatch</c>.
    /// </summary>
    public string ScorerKey => ScorerName(Scorer);

    public static string ScorerName(string scorer)
    {
        var last = scorer[(scorer.LastIndexOf('/') + 1)..];
        var colon = last.IndexOf(':', StringComparison.Ordinal);
        var name = colon >= 0 ? last[..colon] : last;
        return name.Length > 0 ? name : scorer;
    }
}
