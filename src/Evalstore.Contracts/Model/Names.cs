using System.Text;

namespace Evalstore.Core.Model;

/// <summary>Rules for workspace, project and result names.</summary>
public static class Names
{
    /// <summary>The workspace used when none is given.</summary>
    public const string DefaultWorkspace = "default";

    /// <summary>The project used when none is given.</summary>
    public const string DefaultProject = "default";

    /// <summary>Throws a 400 unless the workspace name is 1–64 of [A-Za-z0-9._-], starting with a letter or digit.</summary>
    public static string Workspace(string? name)
    {
        var value = name ?? DefaultWorkspace;
        if (!IsSimple(value, 64))
        {
            throw EvalstoreException.BadRequest(
                $"Workspace '{Printable(value)}' is not valid: use 1–64 letters, digits, '.', '_' or '-', " +
                "starting with a letter or digit.");
        }
        if (string.Equals(value, "gen-ai", StringComparison.OrdinalIgnoreCase))
        {
            throw EvalstoreException.BadRequest(
                "Workspace 'gen-ai' is reserved: it would shadow the DigitalOcean routes under /v2/gen-ai.");
        }
        return value;
    }

    /// <summary>
    /// The result name in NFC, or a 400 unless it is 1–200 characters without control or bidirectional-override characters
    /// or '/'. NFC makes <c>café</c> typed on two keyboards one name; overrides would make a name display as another.
    /// </summary>
    public static string Result(string? name)
    {
        var normal = name is null ? null : Nfc(name);
        if (string.IsNullOrWhiteSpace(normal) || normal.Length > 200 || HasHiddenCharacters(normal)
            || normal.Contains('/', StringComparison.Ordinal)
            || normal != normal.Trim())
        {
            throw EvalstoreException.BadRequest(
                $"Result name '{Printable(name)}' is not valid: use 1–200 characters, no '/', " +
                "no control or bidirectional-override characters, no leading or trailing space.");
        }
        return normal;
    }

    /// <summary>A metric key or score name in NFC; a 400 when it holds control or bidirectional-override characters.</summary>
    public static string Label(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normal = Nfc(name);
        return HasHiddenCharacters(normal)
            ? throw EvalstoreException.BadRequest(
                $"'{Printable(name)}' is not a valid metric or score name: it holds control or bidirectional-override characters.")
            : normal;
    }

    /// <summary>A result UUID or name as looked up: names are stored in NFC, so a lookup is normalised the same way.</summary>
    public static string Lookup(string idOrName) => Nfc(idOrName);

    private static string Nfc(string text) =>
        Ascii.IsValid(text) || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>True for C0/C1 controls and the characters that reorder text: LRM, RLM, ALM, embeddings, overrides, isolates.</summary>
    public static bool HasHiddenCharacters(string text) => text.Any(IsHidden);

    private static bool IsHidden(char c) =>
        char.IsControl(c) || c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    // Shows hidden characters as \uXXXX so that an error message cannot itself be reordered or garbled.
    private static string Printable(string? text) => text is null ? "" : string.Concat(text.Take(100).Select(c =>
        IsHidden(c) ? $"\\u{(int)c:X4}" : c.ToString())) + (text.Length > 100 ? "…" : "");

    /// <summary>Throws a 400 unless the project name is valid (same rules as a workspace); null gives the default.</summary>
    public static string Project(string? name)
    {
        var value = string.IsNullOrEmpty(name) ? DefaultProject : name;
        return IsSimple(value, 128)
            ? value
            : throw EvalstoreException.BadRequest($"Project '{Printable(value)}' is not valid: use letters, digits, '.', '_' or '-'.");
    }

    private static bool IsSimple(string value, int maxLength) =>
        value.Length is > 0 && value.Length <= maxLength && char.IsAsciiLetterOrDigit(value[0])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
