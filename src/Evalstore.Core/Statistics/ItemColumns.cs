using Evalstore.Core.Digest;

namespace Evalstore.Core.Statistics;

/// <summary>
/// Some scores of one result as flat columns over its rows, for <see cref="ScoreJoin.Join(ItemColumns, ItemColumns, int)"/>:
/// the rows' digests as raw ASCII bytes (<see cref="RowDigest.Length"/> each, row after row, never one string per
/// row) and each score's values pointing at their rows. The join keys items by an integer taken from the digest bytes.
/// </summary>
public sealed class ItemColumns
{
    private readonly byte[] _digests;

    /// <param name="digests">Row after row, each row's digest in <see cref="RowDigest.Length"/> ASCII bytes.</param>
    /// <param name="scores">The scores, each over these rows.</param>
    public ItemColumns(byte[] digests, IReadOnlyList<ItemColumn> scores)
    {
        ArgumentNullException.ThrowIfNull(digests);
        ArgumentNullException.ThrowIfNull(scores);
        if (digests.Length % RowDigest.Length != 0)
        {
            throw new ArgumentException("Digests are stored in whole digests.", nameof(digests));
        }
        _digests = digests;
        Scores = scores;
    }

    /// <summary>How many rows the digests describe.</summary>
    public int RowCount => _digests.Length / RowDigest.Length;

    /// <summary>The scores.</summary>
    public IReadOnlyList<ItemColumn> Scores { get; }

    /// <summary>The same rows with other scores over them (a subset of <see cref="Scores"/>, say).</summary>
    public ItemColumns With(IReadOnlyList<ItemColumn> scores) => new(_digests, scores);

    /// <summary>Digest bytes of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> DigestBytes(int row) => _digests.AsSpan(row * RowDigest.Length,
        RowDigest.Length);

    /// <summary>Digest of row <paramref name="row"/> as a string.</summary>
    public string DigestText(int row) => System.Text.Encoding.ASCII.GetString(DigestBytes(row));
}

/// <summary>
/// One score's values in position order (row index, then trial): for value <c>i</c>, the row it belongs to among the
/// <see cref="ItemColumns"/> rows, its row index and its number (NaN when it has none, a label without a number included).
/// </summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Name">Score name.</param>
/// <param name="Rows">Row of each value.</param>
/// <param name="RowIndexes">Row index of each value.</param>
/// <param name="Numbers">Number of each value, NaN when none.</param>
public sealed record ItemColumn(string Metric, string Name, int[] Rows, long[] RowIndexes, double[] Numbers);
