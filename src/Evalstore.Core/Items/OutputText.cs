using System.Security.Cryptography;
using System.Text;

namespace Evalstore.Core.Items;

/// <summary>
/// Outputs and references as item analysis compares them: NFKC, case-folded, whitespace collapsed, surrounding
/// punctuation removed, so "B.", " b" and "(B)" are one answer. Kept as a 128-bit hash and a short preview, so the
/// per-item state stays small whatever the outputs' length.
/// </summary>
public static class OutputText
{
    /// <summary>Characters of an output or reference kept for display.</summary>
    public const int PreviewLength = 120;

    /// <summary>The normalised form of a text.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c);
        }
        var start = 0;
        var end = builder.Length;
        while (start < end && char.IsPunctuation(builder[start]))
        {
            start++;
        }
        while (end > start && char.IsPunctuation(builder[end - 1]))
        {
            end--;
        }
        return builder.ToString(start, end - start).Trim();
    }

    /// <summary>The hash item analysis compares normalised texts by.</summary>
    public static UInt128 Key(string normalised)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(normalised), hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    /// <summary>The start of a text, for display.</summary>
    public static string Preview(string text) =>
        text.Length <= PreviewLength ? text : string.Concat(text.AsSpan(0, PreviewLength - 1), "…");
}
