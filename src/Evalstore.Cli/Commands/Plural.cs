using System.Globalization;

namespace Evalstore.Cli.Commands;

/// <summary>Counts with the noun in agreement: "1 result", "2 results".</summary>
internal static class Plural
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
