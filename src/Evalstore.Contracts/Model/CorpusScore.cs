namespace Evalstore.Core.Model;

/// <summary>
/// A score with one value for the whole result rather than one per row (corpus BLEU, a harness's corpus-level F1).
/// At completion it becomes an aggregate as NeMo reports one: count 1, sum = mean = min = max = the value, zero
/// spread, every percentile the value, a single histogram bin.
/// </summary>
/// <param name="Metric">Metric key.</param>
/// <param name="Name">Score name.</param>
/// <param name="Value">The value.</param>
/// <param name="Description">How it was computed.</param>
public sealed record CorpusScore(string Metric, string Name, double Value, string? Description = null);
