namespace Evalstore.Core.Model;

/// <summary>
/// A row's place in its result, (row index, trial), packed into one sortable 64-bit number: the row index in the
/// high 43 bits, the trial in the low 20. Packed positions sort exactly as (row_index, trial) pairs do, which lets
/// stores keep score columns as flat arrays.
/// </summary>
public static class RowPosition
{
    /// <summary>Largest row index accepted (2^43 − 1, about 8.8 trillion).</summary>
    public const long MaxRowIndex = (1L << 43) - 1;

    /// <summary>Largest trial number accepted (2^20 − 1).</summary>
    public const int MaxTrial = (1 << 20) - 1;

    /// <summary>Packs a position.</summary>
    public static long Pack(long rowIndex, int trial) => (rowIndex << 20) | (uint)trial;

    /// <summary>The row index of a packed position.</summary>
    public static long RowIndex(long packed) => packed >> 20;

    /// <summary>The trial of a packed position.</summary>
    public static int Trial(long packed) => (int)(packed & MaxTrial);
}
