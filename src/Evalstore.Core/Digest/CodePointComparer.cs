namespace Evalstore.Core.Digest;

/// <summary>
/// Orders strings by Unicode code point, as Python compares <c>str</c>. Ordinal UTF-16 order differs when a
/// surrogate pair (U+10000 and above) meets a BMP character at U+E000 or above.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly CodePointComparer Instance = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }
            // A surrogate (U+D800–DFFF) stands for a code point above every BMP character.
            var aHigh = char.IsSurrogate(a);
            var bHigh = char.IsSurrogate(b);
            if (aHigh != bHigh)
            {
                return aHigh ? 1 : -1;
            }
            return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }
}
