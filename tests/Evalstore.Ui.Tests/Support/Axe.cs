using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Evalstore.Ui.Tests.Support;

/// <summary>axe-core's WCAG 2.1 A and AA rules, run in the page as it is now.</summary>
public static class Axe
{
    private static readonly AxeRunOptions s_wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>Each violation on the page, one line per failing node, labelled with where it was found.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe(s_wcag21);
        return result.Violations.SelectMany(v => v.Nodes.Select(n =>
        {
            var why = string.Join("; ", new[] { n.Any, n.All, n.None }.SelectMany(checks => checks ?? []).Select(c => c.Message));
            return $"{where}: {v.Id} ({v.Impact}) at {n.Target}: {why}\n    {n.Html}";
        })).ToList();
    }
}
