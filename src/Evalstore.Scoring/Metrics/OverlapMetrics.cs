using Evalstore.Core.Model;

namespace Evalstore.Scoring.Metrics;

/// <summary>SQuAD token F1 between output and reference (0–1).</summary>
public sealed class TokenF1(MetricSpec spec) : PairMetric(spec)
{
    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference) => new(F1(Tokens.Squad(output), Tokens.Squad(reference)));

    internal static double F1(string[] predicted, string[] gold)
    {
        if (predicted.Length == 0 || gold.Length == 0)
        {
            return predicted.Length == gold.Length ? 1.0 : 0.0;
        }
        var counts = gold.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (counts.TryGetValue(token, out var left) && left > 0)
            {
                counts[token] = left - 1;
                common++;
            }
        }
        if (common == 0)
        {
            return 0.0;
        }
        var precision = (double)common / predicted.Length;
        var recall = (double)common / gold.Length;
        return 2 * precision * recall / (precision + recall);
    }
}

/// <summary>ROUGE-L: the F-measure (β = 1) of the longest common subsequence of words (0–1).</summary>
public sealed class RougeL(MetricSpec spec) : PairMetric(spec)
{
    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference)
    {
        var a = Tokens.Words(output);
        var b = Tokens.Words(reference);
        if (a.Length == 0 || b.Length == 0)
        {
            return new(a.Length == b.Length ? 1.0 : 0.0);
        }
        var lcs = Lcs(a, b);
        if (lcs == 0)
        {
            return new(0.0);
        }
        var precision = (double)lcs / a.Length;
        var recall = (double)lcs / b.Length;
        return new(2 * precision * recall / (precision + recall));
    }

    private static int Lcs(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        foreach (var token in a)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] =
                    string.Equals(token, b[j - 1], StringComparison.Ordinal) ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

/// <summary>
/// BLEU-4 on a 0–100 scale (sacrebleu's convention), 13a-style tokens, one reference. Each row gets sentence BLEU
/// with add-one smoothing of the 2-, 3- and 4-gram precisions (Lin and Och 2004); the result also gets corpus BLEU
/// (Papineni et al. 2002: clipped n-gram counts and lengths summed over the corpus, no smoothing) as a corpus score
/// named <c>corpus</c>.
/// </summary>
public sealed class Bleu(MetricSpec spec) : PairMetric(spec)
{
    private readonly long[] _matches = new long[4];
    private readonly long[] _totals = new long[4];
    private long _outputLength;
    private long _referenceLength;
    private readonly Lock _gate = new();

    /// <inheritdoc />
    protected override MetricOutcome Score(string output, string reference)
    {
        var candidate = Tokens.Bleu(output);
        var gold = Tokens.Bleu(reference);
        Span<long> matches = stackalloc long[4];
        Span<long> totals = stackalloc long[4];
        for (var n = 1; n <= 4; n++)
        {
            (matches[n - 1], totals[n - 1]) = Clipped(candidate, gold, n);
        }
        lock (_gate)
        {
            for (var i = 0; i < 4; i++)
            {
                _matches[i] += matches[i];
                _totals[i] += totals[i];
            }
            _outputLength += candidate.Length;
            _referenceLength += gold.Length;
        }
        return new(Combine(matches, totals, candidate.Length, gold.Length, smooth: true));
    }

    /// <inheritdoc />
    public override IReadOnlyList<CorpusScore> CorpusScores() =>
        [new CorpusScore(Spec.Key, "corpus", Combine(_matches, _totals, _outputLength, _referenceLength, smooth: false),
            "corpus BLEU (Papineni et al. 2002), 0–100")];

    private static double Combine(
        ReadOnlySpan<long> matches, ReadOnlySpan<long> totals, long outputLength, long referenceLength, bool smooth)
    {
        if (outputLength == 0)
        {
            return 0;
        }
        var logSum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            double m = matches[i];
            double t = totals[i];
            if (smooth && i > 0)
            {
                m += 1;
                t += 1;
            }
            if (m == 0 || t == 0)
            {
                return 0;
            }
            logSum += Math.Log(m / t) / 4;
        }
        var brevity = outputLength >= referenceLength ? 1.0 : Math.Exp(1 - (double)referenceLength / outputLength);
        return 100 * brevity * Math.Exp(logSum);
    }

    private static (long Matches, long Total) Clipped(string[] candidate, string[] reference, int n)
    {
        if (candidate.Length < n)
        {
            return (0, 0);
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= reference.Length; i++)
        {
            var gram = string.Join('\u0001', reference, i, n);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        long matches = 0;
        for (var i = 0; i + n <= candidate.Length; i++)
        {
            var gram = string.Join('\u0001', candidate, i, n);
            if (counts.TryGetValue(gram, out var left) && left > 0)
            {
                counts[gram] = left - 1;
                matches++;
            }
        }
        return (matches, candidate.Length - n + 1);
    }
}
