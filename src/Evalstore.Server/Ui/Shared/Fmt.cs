using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;

namespace Evalstore.Server.Ui.Shared;

/// <summary>How numbers, intervals and times read on the pages: few digits, invariant culture, a dash for "none".</summary>
internal static class Fmt
{
    public const string None = "—";
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static string Num(double? value) => value switch
    {
        null => None,
        { } v when double.IsNaN(v) => "NaN",
        { } v when v == 0 => "0",
        { } v when Math.Abs(v) >= 10_000 => v.ToString("N0", s_invariant),
        { } v when Math.Abs(v) >= 100 => v.ToString("0.#", s_invariant),
        { } v when Math.Abs(v) >= 0.001 => v.ToString("0.###", s_invariant),
        { } v => v.ToString("0.##E+0", s_invariant),
    };

    /// <summary>A signed difference: <c>+0.042</c>, <c>−0.013</c>.</summary>
    public static string Signed(double? value) => value switch
    {
        null => None,
        > 0 => "+" + Num(value),
        < 0 => "−" + Num(-value),
        _ => Num(value),
    };

    public static string Ci(double? low, double? high) => low is null || high is null ? "" : $"[{Num(low)}, {Num(high)}]";

    public static string Pct(double? share) => share is { } s ? (s * 100).ToString("0.#", s_invariant) + "%" : None;

    public static string Count(long value) => value.ToString("N0", s_invariant);

    public static string P(double? p) => p switch
    {
        null => None,
        < 0.0001 => "< 0.0001",
        { } v => v.ToString("0.0000", s_invariant),
    };

    public static string Time(DateTimeOffset? time)
        => time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", s_invariant) + " UTC" : None;

    public static string IsoTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", s_invariant);

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>
    /// A name that may wrap after its separators (<c>_ . / :</c>; browsers already break after hyphens) rather than
    /// anywhere: <c>qa_gpt_4o_mini</c> breaks between words, not inside them.
    /// </summary>
    public static MarkupString Breakable(string name)
    {
        var html = new System.Text.StringBuilder(name.Length + 16);
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is '_' or '.' or '/' or ':')
            {
                html.Append(WebUtility.HtmlEncode(name[start..(i + 1)])).Append("<wbr>");
                start = i + 1;
            }
        }
        return new MarkupString(html.Append(WebUtility.HtmlEncode(name[start..])).ToString());
    }

    /// <summary>Shortens text to a preview, on a character boundary, with an ellipsis.</summary>
    public static string Clip(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..(char.IsHighSurrogate(flat[max - 1]) ? max - 1 : max)].TrimEnd() + "…";
    }
}
