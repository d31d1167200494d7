using Evalstore.Core.Model;

namespace Evalstore.Server.Ui.Views;

/// <summary>How a score comparison's verdict reads once p-values are adjusted for the number of comparisons (Holm).</summary>
internal static class Verdicts
{
    public static (string Text, string Css) Of(ScoreComparisonEntry entry)
    {
        var verdict = entry.Comparison.Verdict;
        if (verdict is Verdict.Better or Verdict.Worse && entry.AdjustedP is not null && !entry.Significant)
        {
            // Significant on its own, but not once every score and candidate compared is accounted for.
            return ("no significant difference (after Holm)", "verdict-same");
        }
        return verdict switch
        {
            Verdict.Better => ("better", "verdict-better"),
            Verdict.Worse => ("worse", "verdict-worse"),
            _ => (WireNames.Of(verdict), "verdict-same"),
        };
    }

    /// <summary>The test behind the verdict, in words.</summary>
    public static string Test(ScoreComparison comparison) => comparison.VerdictTest switch
    {
        SignificanceTest.McNemarExact => "McNemar exact",
        SignificanceTest.PairedT => "paired t",
        _ => "",
    };
}
