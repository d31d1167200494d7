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
    private readonly long[] _rowA;
    private readonly long[] _rowB;
    private readonly double[] _a;
    private readonly double[] _b;
    // The digest of pair i: made only when a pair is looked at, so a join of a million items makes no million strings.
    private readonly Func<int, string> _digestAt;

    internal JoinedItems(IReadOnlyList<ItemPair> pairs, long onlyInA, long onlyInB, long unscored, long driftCount,
        IReadOnlyList<DriftExample> driftExamples)
        : this([.. pairs.Select(p => p.RowIndexA)], [.. pairs.Select(p => p.RowIndexB)], [.. pairs.Select(p => p.A)],
            [.. pairs.Select(p => p.B)], i => pairs[i].Digest, onlyInA, onlyInB, unscored, driftCount, driftExamples)
    {
    }

    internal JoinedItems(long[] rowA, long[] rowB, double[] a, double[] b, Func<int, string> digestAt, long onlyInA, long onlyInB,
        long unscored, long driftCount, IReadOnlyList<DriftExample> driftExamples)
    {
        _rowA = rowA;
        _rowB = rowB;
        _a = a;
        _b = b;
        _digestAt = digestAt;
        Pairs = new PairList(this);
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
    public long Matched => _a.Length;
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
    public IEnumerable<ItemPair> PassedToFailed(double threshold = PairedComparison.McNemarPassThreshold)
    {
        for (var i = 0; i < _a.Length; i++)
        {
            if (_a[i] >= threshold && _b[i] < threshold)
            {
                yield return Pair(i);
            }
        }
    }

    /// <summary>Items A failed and B passed.</summary>
    public IEnumerable<ItemPair> FailedToPassed(double threshold = PairedComparison.McNemarPassThreshold)
    {
        for (var i = 0; i < _a.Length; i++)
        {
            if (_a[i] < threshold && _b[i] >= threshold)
            {
                yield return Pair(i);
            }
        }
    }

    /// <summary>How many items went from pass to fail, and from fail to pass (the counts of the two lists above).</summary>
    public (long Regressed, long Improved) Flips(double threshold = PairedComparison.McNemarPassThreshold)
    {
        long regressed = 0, improved = 0;
        for (var i = 0; i < _a.Length; i++)
        {
            regressed += _a[i] >= threshold && _b[i] < threshold ? 1 : 0;
            improved += _a[i] < threshold && _b[i] >= threshold ? 1 : 0;
        }
        return (regressed, improved);
    }

    /// <summary>Matched items by the size of their change, largest |B − A| first (ties in row order).</summary>
    public IEnumerable<ItemPair> ByChange() =>
        Enumerable.Range(0, _a.Length).OrderByDescending(i => Math.Abs(_b[i] - _a[i])).Select(Pair);

    private ItemPair Pair(int i) => new(_digestAt(i), _rowA[i], _rowB[i], _a[i], _b[i]);

    private sealed class PairList(JoinedItems join) : IReadOnlyList<ItemPair>
    {
        public ItemPair this[int index] =>
            (uint)index < (uint)join._a.Length ? join.Pair(index) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => join._a.Length;

        public IEnumerator<ItemPair> GetEnumerator()
        {
            for (var i = 0; i < join._a.Length; i++)
            {
                yield return join.Pair(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
