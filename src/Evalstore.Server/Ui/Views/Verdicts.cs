using Evalstore.Core.Model;

namespace Evalstore.Server.Ui.Views;

/// <summary>How a score comparison's verdict reads once p-values are adjusted for the number of comparisons (Holm).</summary>
internal static class Verdicts
{
    public static (string Text, string Css) Of(ScoreComparisonEntry entry)
    {
        var verdict = entry.Comparison.Verdict;
        if (verdict is "better" or "worse" && entry.AdjustedP is not null && !entry.Significant)
        {
            // Significant on its own, but not once every score and candidate compared is accounted for.
            return ("no significant difference (after Holm)", "verdict-same");
        }
        return verdict switch
        {
            "better" => ("better", "verdict-better"),
            "worse" => ("worse", "verdict-worse"),
            _ => (verdict, "verdict-same"),
        };
    }

    /// <summary>The test behind the verdict, in words.</summary>
    public static string Test(ScoreComparison comparison) => comparison.VerdictTest switch
    {
        "mcnemar-exact" => "McNemar exact",
        "paired-t" => "paired t",
        null => "",
        var other => other,
    };
}
