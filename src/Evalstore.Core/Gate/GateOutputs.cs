using System.Globalization;
using System.Security;
using System.Text;
using Evalstore.Core.Model;

namespace Evalstore.Core.Gate;

/// <summary>The gate's report as JUnit XML (one test case per check) and as a Markdown summary for CI pages.</summary>
public static class GateOutputs
{
    /// <summary>JUnit XML: failures for failed checks, skipped for inconclusive ones.</summary>
    public static string JUnit(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failures = report.Checks.Count(c => c.Status == GateStatus.Fail);
        var skipped = report.Checks.Count(c => c.Status == GateStatus.Inconclusive);
        var xml = new StringBuilder();
        xml.AppendLine("""<?xml version="1.0" encoding="UTF-8"?>""");
        xml.AppendLine(CultureInfo.InvariantCulture,
            $"""<testsuites name="evalstore gate" tests="{report.Checks.Count}" failures="{failures}" skipped="{skipped}">""");
        xml.AppendLine(CultureInfo.InvariantCulture,
            $"""  <testsuite name="{X(report.Result.Name)}" tests="{report.Checks.Count}" failures="{failures}" """ +
            $"""skipped="{skipped}" errors="0">""");
        foreach (var check in report.Checks)
        {
            xml.Append(CultureInfo.InvariantCulture,
                $"""    <testcase classname="evalstore.gate.{WireNames.Of(check.Kind)}" name="{X(check.Name)}">""");
            xml.Append(check.Status switch
            {
                GateStatus.Fail => $"""<failure message="{X(check.Message)}">{X(check.Message)}</failure>""",
                GateStatus.Inconclusive => $"""<skipped message="inconclusive: {X(check.Message)}"/>""",
                _ => $"<system-out>{X(check.Message)}</system-out>",
            });
            xml.AppendLine("</testcase>");
        }
        xml.AppendLine("  </testsuite>");
        xml.AppendLine("</testsuites>");
        return xml.ToString();
    }

    /// <summary>A Markdown summary: verdict, then a table of checks.</summary>
    public static string Markdown(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Evalstore gate: {(report.Passed ? "✅ passed" : "❌ failed")}");
        md.AppendLine();
        md.AppendLine(M(report.Summary));
        md.AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Result **{M(report.Result.Name)}** ({M(report.Result.Model ?? "no model")})");
        if (report.Baseline is { } baseline)
        {
            md.Append(CultureInfo.InvariantCulture, $" against baseline **{M(baseline.Name)}** ({M(baseline.Model ?? "no model")}); ");
            md.Append(CultureInfo.InvariantCulture,
                $"α = {report.Alpha}, allowed drop {report.MaxDrop}, p-values Holm-adjusted across scores");
        }
        md.AppendLine(".");
        md.AppendLine();
        md.AppendLine("| check | status | detail |");
        md.AppendLine("|---|---|---|");
        foreach (var check in report.Checks)
        {
            var icon = check.Status switch { GateStatus.Pass => "✅ pass", GateStatus.Fail => "❌ fail", _ => "⚠️ inconclusive" };
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{M(check.Name)}` | {icon} | {M(check.Message)} |");
        }
        return md.ToString();
    }

    private static string X(string text) => SecurityElement.Escape(text) ?? "";

    private static string M(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
