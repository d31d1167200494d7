namespace Evalstore.Core.Filtering;

/// <summary>Builds the 400 problems of the filter language, so every message names the input, the place and the fix.</summary>
internal static class FilterErrors
{
    private const int MaxEcho = 200;

    /// <summary>A syntax error at a 0-based offset of <paramref name="text"/>; the message counts characters from 1.</summary>
    public static EvalstoreException Syntax(string source, string text, int offset, string expected)
    {
        var found = offset >= text.Length ? "the end of the text" : $"'{Excerpt(text, offset)}'";
        var detail = $"Invalid {source} at character {offset + 1}: expected {expected}, found {found}. The {source} was: {Echo(text)}";
        return EvalstoreException.BadRequest(detail).With("position", offset + 1);
    }

    /// <summary>A problem that is not tied to one character (unknown operator, wrong JSON kind, …).</summary>
    public static EvalstoreException Invalid(string source, string problem) =>
        EvalstoreException.BadRequest($"Invalid {source}: {problem}");

    /// <summary>Quotes user text in a message, shortened so a huge filter cannot bloat the problem document.</summary>
    public static string Echo(string text) => text.Length <= MaxEcho ? text : string.Concat(text.AsSpan(0, MaxEcho), "…");

    private static string Excerpt(string text, int offset)
    {
        const int length = 20;
        return text.Length - offset <= length ? text[offset..] : string.Concat(text.AsSpan(offset, length), "…");
    }
}
