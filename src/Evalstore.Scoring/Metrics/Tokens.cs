using System.Text;

namespace Evalstore.Scoring.Metrics;

/// <summary>Tokenisers of the overlap metrics.</summary>
internal static class Tokens
{
    private static readonly HashSet<string> s_articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    /// <summary>SQuAD's normalisation: lower case, punctuation and articles removed, split on white space.</summary>
    public static string[] Squad(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            cleaned.Append(char.IsPunctuation(c) || char.IsSymbol(c) ? ' ' : c);
        }
        return cleaned.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(t => !s_articles.Contains(t)).ToArray();
    }

    /// <summary>Lower-cased words and numbers (ROUGE).</summary>
    public static string[] Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return [.. words];
    }

    /// <summary>BLEU's 13a-style tokens: punctuation split off words, case kept.</summary>
    public static string[] Bleu(string text)
    {
        var spaced = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (char.IsPunctuation(c) || char.IsSymbol(c))
            {
                spaced.Append(' ').Append(c).Append(' ');
            }
            else
            {
                spaced.Append(c);
            }
        }
        return spaced.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
