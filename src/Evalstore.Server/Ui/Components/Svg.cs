using System.Globalization;

namespace Evalstore.Server.Ui.Components;

/// <summary>Geometry for the server-drawn SVG charts: invariant numbers for attributes and a linear scale.</summary>
internal static class Svg
{
    /// <summary>A coordinate as an attribute value (two decimals, invariant culture).</summary>
    public static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>Maps [domainLow, domainHigh] onto [rangeLow, rangeHigh]; a zero-width domain maps to the range's middle.</summary>
    public static Func<double, double> Linear(double domainLow, double domainHigh, double rangeLow, double rangeHigh) =>
        domainHigh > domainLow
            ? v => rangeLow + (v - domainLow) / (domainHigh - domainLow) * (rangeHigh - rangeLow)
            : _ => (rangeLow + rangeHigh) / 2;
}
