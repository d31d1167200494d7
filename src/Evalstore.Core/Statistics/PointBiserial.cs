namespace Evalstore.Core.Statistics;

/// <summary>
/// The point-biserial correlation: Pearson's r between an item's correctness (0/1, or a fraction with trials or a
/// bounded score) and each model's overall score. For 0/1 correctness it equals (M1 − M0) / s · √(p·q), s the population
/// standard deviation of the overall scores.
/// </summary>
public static class PointBiserial
{
    /// <summary>r, or null when it is undefined: fewer than 2 models, or either side does not vary.</summary>
    public static double? Of(IReadOnlyList<double> correctness, IReadOnlyList<double> overall)
    {
        ArgumentNullException.ThrowIfNull(correctness);
        ArgumentNullException.ThrowIfNull(overall);
        if (correctness.Count != overall.Count)
        {
            throw new ArgumentException("Both sides need one value per model.", nameof(overall));
        }
        // Checked on the values, not on a computed variance: the mean of equal values can differ from them in the last bit.
        if (correctness.Count < 2 || AllEqual(correctness) || AllEqual(overall))
        {
            return null;
        }
        double meanX = correctness.Average(), meanY = overall.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < correctness.Count; i++)
        {
            var dx = correctness[i] - meanX;
            var dy = overall[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    private static bool AllEqual(IReadOnlyList<double> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] != values[0])
            {
                return false;
            }
        }
        return true;
    }
}
