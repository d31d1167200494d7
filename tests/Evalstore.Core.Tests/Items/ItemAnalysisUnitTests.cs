using Evalstore.Core.Items;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Items;

/// <summary>The pure parts of item analysis: how outputs are normalised, and the point-biserial correlation.</summary>
public sealed class ItemAnalysisUnitTests
{
    [Theory]
    [InlineData("B", "b")]
    [InlineData("  b. ", "b")]
    [InlineData("(B)", "b")]
    [InlineData("\"Paris,   France.\"", "paris, france")]
    [InlineData("ＡＢＣ", "abc")]   // full-width letters fold under NFKC
    [InlineData("...", "")]
    public void Normalise_FoldsCaseWidthSpaceAndSurroundingPunctuation(string text, string expected) =>
        Assert.Equal(expected, OutputText.Normalise(text));

    [Fact]
    public void PointBiserial_MatchesTheTextbookFormula()
    {
        // Five models; the item is solved by the three strongest. r = (M1 − M0) / s · √(p·q), s the population std.
        double[] overall = [0.9, 0.8, 0.6, 0.5, 0.2];
        double[] correct = [1, 1, 1, 0, 0];
        double m1 = (0.9 + 0.8 + 0.6) / 3, m0 = (0.5 + 0.2) / 2, mean = overall.Average();
        var s = Math.Sqrt(overall.Sum(o => (o - mean) * (o - mean)) / overall.Length);
        var expected = (m1 - m0) / s * Math.Sqrt(0.6 * 0.4);
        Assert.Equal(0.833, Math.Round(expected, 3));
        Assert.Equal(expected, PointBiserial.Of(correct, overall)!.Value, 12);
    }

    [Fact]
    public void PointBiserial_IsUndefined_WhenEitherSideDoesNotVary()
    {
        Assert.Null(PointBiserial.Of([1, 1, 1], [0.9, 0.5, 0.1]));
        Assert.Null(PointBiserial.Of([1, 0, 1], [0.1, 0.1, 0.1]));
        Assert.Null(PointBiserial.Of([1], [0.5]));
    }
}
