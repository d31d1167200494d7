using System.Globalization;
using Evalstore.Core;

namespace Evalstore.Server.Analysis;

/// <summary>A report's window as people write it: a whole number and a unit, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>.</summary>
public static class ReportWindow
{
    /// <summary>The longest window a report covers: a year, so a typo cannot ask for every result ever stored.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    /// <summary>Parses a window or throws a 400 that names the <paramref name="parameter"/> and shows the expected form.</summary>
    public static TimeSpan Parse(string? text, string parameter = "'since'")
    {
        var value = text?.Trim() ?? "";
        if (value.Length >= 2 && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n > 0)
        {
            TimeSpan? window = value[^1] switch
            {
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'w' => TimeSpan.FromDays(7.0 * n),
                _ => null,
            };
            if (window is { } w && w <= Longest)
            {
                return w;
            }
        }
        throw EvalstoreException.BadRequest(
            $"{parameter} must be a positive whole number with a unit m, h, d or w (30m, 24h, 7d, 2w), at most 366d; found '{text}'.");
    }
}
