namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// The (row_index, trial) positions seen in one batch, to catch a position repeated within the batch before COPY does.
/// A paged bitmap: dense indexes (the usual 0…n) cost one bit each; sparse ones cost a 512-byte page each.
/// </summary>
internal sealed class PositionSet
{
    private const int PageBits = 4096;
    private readonly Dictionary<(int Trial, long Page), ulong[]> _pages = [];
    private (int Trial, long Page) _lastKey = (-1, -1);
    private ulong[]? _lastPage;

    /// <summary>Adds a position; false when it was already there.</summary>
    public bool Add(long rowIndex, int trial)
    {
        var key = (trial, rowIndex / PageBits);
        if (_lastPage is null || key != _lastKey)
        {
            if (!_pages.TryGetValue(key, out _lastPage))
            {
                _lastPage = new ulong[PageBits / 64];
                _pages[key] = _lastPage;
            }
            _lastKey = key;
        }
        var bit = (int)(rowIndex % PageBits);
        var mask = 1UL << (bit & 63);
        ref var word = ref _lastPage[bit >> 6];
        if ((word & mask) != 0)
        {
            return false;
        }
        word |= mask;
        return true;
    }
}
