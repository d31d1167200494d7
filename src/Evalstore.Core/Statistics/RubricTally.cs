using Evalstore.Core.Model;

namespace Evalstore.Core.Statistics;

/// <summary>Counts values per declared rubric level, found by label or else by numeric value.</summary>
internal sealed class RubricTally
{
    private readonly IReadOnlyList<RubricLevel> _levels;
    private readonly Dictionary<string, int> _byLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<double, int> _byValue = [];
    private readonly long[] _counts;

    public RubricTally(IReadOnlyList<RubricLevel> levels)
    {
        _levels = levels;
        _counts = new long[levels.Count];
        for (var i = 0; i < levels.Count; i++)
        {
            // The first of duplicate labels or values wins, so a level is found the same way every time.
            _byLabel.TryAdd(levels[i].Label, i);
            _byValue.TryAdd(levels[i].Value, i);
        }
    }

    /// <summary>The level index of a label, else of a number equal to a level's value; −1 when neither matches.</summary>
    public int Find(string? label, double number)
    {
        if (label is not null && _byLabel.TryGetValue(label, out var byLabel))
        {
            return byLabel;
        }
        return _byValue.TryGetValue(number, out var byValue) ? byValue : -1;
    }

    /// <summary>The level's value, NaN for −1.</summary>
    public double ValueOf(int level) => level < 0 ? double.NaN : _levels[level].Value;

    /// <summary>Counts one value on a level (nothing for −1).</summary>
    public void Count(int level)
    {
        if (level >= 0)
        {
            _counts[level]++;
        }
    }

    /// <summary>Declared levels in order with their counts, and the most frequent label (ties: ordinal-first label).</summary>
    public (IReadOnlyList<RubricCount> Distribution, string? Mode) Build()
    {
        var distribution = new RubricCount[_levels.Count];
        string? mode = null;
        long best = 0;
        for (var i = 0; i < _levels.Count; i++)
        {
            var level = _levels[i];
            distribution[i] = new RubricCount(level.Label, level.Value, _counts[i], level.Description);
            if (_counts[i] > best || (_counts[i] == best && best > 0 && string.CompareOrdinal(level.Label, mode) < 0))
            {
                best = _counts[i];
                mode = level.Label;
            }
        }
        return (distribution, mode);
    }
}
