using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>One item scored by both sides.</summary>
/// <param name="Digest">Row digest.</param>
/// <param name="RowIndexA">Smallest row index of the digest in A.</param>
/// <param name="RowIndexB">Smallest row index of the digest in B.</param>
/// <param name="A">A's trial mean.</param>
/// <param name="B">B's trial mean.</param>
public readonly record struct ItemPair(string Digest, long RowIndexA, long RowIndexB, double A, double B)
{
    /// <summary>B − A, the direction every comparison uses.</summary>
    public double Difference => B - A;
}

/// <summary>Two results' items joined by digest, in A's row order.</summary>
public sealed class JoinedItems
{
    private readonly double[] _a;
    private readonly double[] _b;

    internal JoinedItems(IReadOnlyList<ItemPair> pairs, long onlyInA, long onlyInB, long unscored, long driftCount,
        IReadOnlyList<DriftExample> driftExamples)
    {
        Pairs = pairs;
        _a = [.. pairs.Select(p => p.A)];
        _b = [.. pairs.Select(p => p.B)];
        OnlyInA = onlyInA;
        OnlyInB = onlyInB;
        MatchedWithoutValues = unscored;
        DriftCount = driftCount;
        DriftExamples = driftExamples;
    }

    /// <summary>Matched items with a value on both sides.</summary>
    public IReadOnlyList<ItemPair> Pairs { get; }
    /// <summary>A's values, aligned with <see cref="Pairs"/>; pass to <see cref="PairedComparison.Compare(ReadOnlySpan{double},
    /// ReadOnlySpan{double}, Model.ScoreType, double, int, ulong, bool, double)"/>.</summary>
    public ReadOnlySpan<double> A => _a;
    /// <summary>B's values, aligned with <see cref="Pairs"/>.</summary>
    public ReadOnlySpan<double> B => _b;
    /// <summary>Matched items: <see cref="Pairs"/>.Count.</summary>
    public long Matched => Pairs.Count;
    /// <summary>Digests only A has.</summary>
    public long OnlyInA { get; }
    /// <summary>Digests only B has.</summary>
    public long OnlyInB { get; }
    /// <summary>Digests both have but at least one side never scored (all NaN): not compared.</summary>
    public long MatchedWithoutValues { get; }
    /// <summary>Row indices present on both sides with different digests.</summary>
    public long DriftCount { get; }
    /// <summary>A few of those, lowest row index first.</summary>
    public IReadOnlyList<DriftExample> DriftExamples { get; }
    /// <summary>A's rows that repeat an item.</summary>
    public DuplicateItems DuplicatesA { get; init; } = new(0, 0);
    /// <summary>B's rows that repeat an item.</summary>
    public DuplicateItems DuplicatesB { get; init; } = new(0, 0);

    /// <summary>Items A passed and B failed (value ≥ <paramref name="threshold"/>, by default the majority of trials).</summary>
    public IEnumerable<ItemPair> PassedToFailed(double threshold = PairedComparison.McNemarPassThreshold) =>
        Pairs.Where(p => p.A >= threshold && p.B < threshold);

    /// <summary>Items A failed and B passed.</summary>
    public IEnumerable<ItemPair> FailedToPassed(double threshold = PairedComparison.McNemarPassThreshold) =>
        Pairs.Where(p => p.A < threshold && p.B >= threshold);

    /// <summary>Matched items by the size of their change, largest |B − A| first (ties in row order).</summary>
    public IEnumerable<ItemPair> ByChange() => Pairs.OrderByDescending(p => Math.Abs(p.Difference));
}
