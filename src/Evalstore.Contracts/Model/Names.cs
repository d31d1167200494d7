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
                $"Workspace '{value}' is not valid: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        if (string.Equals(value, "gen-ai", StringComparison.OrdinalIgnoreCase))
        {
            throw EvalstoreException.BadRequest(
                "Workspace 'gen-ai' is reserved: it would shadow the DigitalOcean routes under /v2/gen-ai.");
        }
        return value;
    }

    /// <summary>Throws a 400 unless the result name is 1–200 characters without control characters or '/'.</summary>
    public static string Result(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl) || name.Contains('/', StringComparison.Ordinal)
            || name != name.Trim())
        {
            throw EvalstoreException.BadRequest(
                $"Result name '{name}' is not valid: use 1–200 characters, no '/', no control characters, no leading or trailing space.");
        }
        return name;
    }

    /// <summary>Throws a 400 unless the project name is valid (same rules as a workspace); null gives the default.</summary>
    public static string Project(string? name)
    {
        var value = string.IsNullOrEmpty(name) ? DefaultProject : name;
        return IsSimple(value, 128)
            ? value
            : throw EvalstoreException.BadRequest($"Project '{value}' is not valid: use letters, digits, '.', '_' or '-'.");
    }

    private static bool IsSimple(string value, int maxLength) =>
        value.Length is > 0 && value.Length <= maxLength && char.IsAsciiLetterOrDigit(value[0])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
