using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Aggregation;

/// <summary>A score (metric key + score name) of one result, with the value kinds seen while ingesting it.</summary>
public sealed record ScoreKey(int Id, string Metric, string Name, int Kinds)
{
    /// <summary>Bit of a kind in <see cref="Kinds"/>.</summary>
    public static int Bit(ScoreValueKind kind) => 1 << (int)kind;

    /// <summary>True when every non-NaN value seen was a boolean.</summary>
    public bool OnlyBooleans => (Kinds & ~Bit(ScoreValueKind.Nan)) == Bit(ScoreValueKind.Boolean);
}

/// <summary>One stored score value as a store reads it back: the score, the item, the number (null for NaN) and the label.</summary>
public readonly record struct StoredScore(int ScoreId, long RowIndex, double? Value, string? Label);

/// <summary>
/// Turns a result's stored score values into its aggregates. Stores read the values ordered by score and row index,
/// so each score is aggregated in one pass and trials of an item arrive together.
/// </summary>
public static class ResultAggregator
{
    /// <summary>Aggregates every score; <paramref name="clusterOf"/> maps a row index to its cluster, if clustering.</summary>
    public static IReadOnlyList<ScoreAggregate> Aggregate(IReadOnlyList<ScoreKey> keys, IEnumerable<StoredScore> scores,
        IReadOnlyList<MetricDeclaration> declarations, Func<long, string?>? clusterOf = null)
    {
        var byId = keys.ToDictionary(k => k.Id);
        var results = new List<ScoreAggregate>(keys.Count);
        ScoreKey? current = null;
        ScoreAccumulator? accumulator = null;
        foreach (var score in scores)
        {
            if (current is null || score.ScoreId != current.Id)
            {
                if (accumulator is not null)
                {
                    results.Add(accumulator.Build());
                }
                current = byId[score.ScoreId];
                accumulator = new ScoreAccumulator(current.Metric, current.Name, Declaration(declarations, current));
            }
            accumulator!.Add(score.RowIndex, ToValue(score, current), clusterOf?.Invoke(score.RowIndex));
        }
        if (accumulator is not null)
        {
            results.Add(accumulator.Build());
        }
        return results;
    }

    /// <summary>The aggregate of a corpus-level score, as NeMo reports one: count 1 and every statistic the value itself.</summary>
    public static ScoreAggregate Corpus(CorpusScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var v = score.Value;
        string[] percentiles = ["p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"];
        return new ScoreAggregate
        {
            Metric = score.Metric,
            Name = score.Name,
            ScoreType = ScoreType.Range,
            Count = 1,
            NanCount = 0,
            Sum = v,
            Mean = v,
            Min = v,
            Max = v,
            Variance = 0,
            StdDev = 0,
            Percentiles = percentiles.ToDictionary(p => p, _ => v),
            Deciles = Enumerable.Range(1, 10).ToDictionary(i => $"p{i * 10}", _ => v),
            Histogram = new Histogram([new HistogramBin(v, v, 1)]),
            ItemCount = 1,
            Method = new AggregateMethod { TrialReduction =
                "corpus-level: one value for the whole result" + (score.Description is null ? "" : $" ({score.Description})") },
        };
    }

    /// <summary>The declaration that covers a score: one naming the score wins over one for the whole metric.</summary>
    public static MetricDeclaration? Declaration(IReadOnlyList<MetricDeclaration> declarations, ScoreKey key) =>
        declarations.FirstOrDefault(d => d.Score is not null && d.Covers(key.Metric, key.Name))
        ?? declarations.FirstOrDefault(d => d.Score is null && d.Covers(key.Metric, key.Name))
        ?? BuiltInScores.Declaration(key.Metric);

    /// <summary>The value a stored score stands for, given the kinds its score has seen.</summary>
    public static ScoreValue ToValue(StoredScore score, ScoreKey key)
    {
        if (score.Label is not null)
        {
            return ScoreValue.OfLabel(score.Label, score.Value ?? double.NaN);
        }
        if (score.Value is not { } number)
        {
            return ScoreValue.Nan;
        }
        return key.OnlyBooleans ? new ScoreValue(ScoreValueKind.Boolean, number, null) : ScoreValue.Of(number);
    }
}
