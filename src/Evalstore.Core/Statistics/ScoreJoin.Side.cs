using System.Runtime.CompilerServices;

namespace Evalstore.Core.Statistics;

public static partial class ScoreJoin
{
    /// <summary>One score of one side, reduced per item: sums and counts of numeric values by item id.</summary>
    private sealed class Side
    {
        public double[] Sum = [];
        public int[] Count = [];
        public long[] FirstRow = [];
        private long[] _lastRow = [];
        private bool[] _present = [];
        private bool[] _duplicated = [];

        /// <summary>Digests held by more than one row of this side.</summary>
        public long DuplicateItems { get; private set; }

        /// <summary>Rows beyond the first of such digests (pooled into the first).</summary>
        public long DuplicateRows { get; private set; }
        public List<int> Present { get; } = [];

        public bool Has(int id) => id < _present.Length && _present[id];

        /// <summary>Value <c>i</c> has item id <c>ids[i]</c>, row index <c>rows[i]</c> and number <c>numbers[i]</c> (NaN: none).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Side Reduce(int[] ids, long[] rows, double[] numbers, int idCount)
        {
            var side = new Side();
            side.Grow(idCount);
            for (var i = 0; i < ids.Length; i++)
            {
                var id = ids[i];
                var row = rows[i];
                if (!side._present[id])
                {
                    side._present[id] = true;
                    side.Present.Add(id);
                    side.FirstRow[id] = row;
                    side._lastRow[id] = row;
                }
                else if (side._lastRow[id] != row)
                {
                    // Another row with the same content: values arrive grouped by row, so a change of row is a new duplicate row.
                    side._lastRow[id] = row;
                    side.DuplicateRows++;
                    if (!side._duplicated[id])
                    {
                        side._duplicated[id] = true;
                        side.DuplicateItems++;
                    }
                }
                side.FirstRow[id] = Math.Min(side.FirstRow[id], row);
                if (double.IsFinite(numbers[i]))
                {
                    side.Sum[id] += numbers[i];
                    side.Count[id]++;
                }
            }
            return side;
        }

        private void Grow(int size)
        {
            if (size <= _present.Length)
            {
                return;
            }
            var capacity = size;
            Array.Resize(ref Sum, capacity);
            Array.Resize(ref Count, capacity);
            Array.Resize(ref FirstRow, capacity);
            Array.Resize(ref _present, capacity);
            Array.Resize(ref _lastRow, capacity);
            Array.Resize(ref _duplicated, capacity);
        }
    }
}
