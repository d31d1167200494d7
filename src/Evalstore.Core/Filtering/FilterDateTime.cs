using System.Globalization;

namespace Evalstore.Core.Filtering;

/// <summary>ISO 8601 dates and date-times as the filter language accepts them.</summary>
internal static class FilterDateTime
{
    /// <summary>Shown in error messages, so users see the accepted shapes rather than a grammar.</summary>
    public const string Examples = "2025-01-01, 2025-01-01T12:00:00, 2025-01-01T12:00:00Z or 2025-01-01T12:00:00+02:00";

    private static readonly string[] s_formats = BuildFormats();

    /// <summary>
    /// Reads <c>yyyy-MM-dd</c> or a date-time with <c>T</c> (or a space), minutes, optional seconds and fraction, and an
    /// optional <c>Z</c> or <c>±hh:mm</c> offset. No offset means UTC, as NeMo's examples (<c>2025-01-01T00:00:00</c>) imply.
    /// The result is always expressed in UTC.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, s_formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>Like <see cref="TryParse"/> for values that were already validated.</summary>
    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an ISO 8601 date or date-time.");

    private static string[] BuildFormats()
    {
        // Exact formats rather than DateTimeOffset.Parse, which would also take "1/2/2025" or "Jan 2025" and guess.
        var formats = new List<string> { "yyyy-MM-dd" };
        foreach (var separator in new[] { "'T'", " " })
        {
            foreach (var time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" })
            {
                foreach (var offset in new[] { "", "'Z'", "zzz" })
                {
                    formats.Add($"yyyy-MM-dd{separator}{time}{offset}");
                }
            }
        }
        return [.. formats];
    }
}
