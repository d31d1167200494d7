using System.CommandLine;

namespace Evalstore.Cli.Commands;

/// <summary>
/// Each verb's own <c>--format</c>: it lists only what that verb writes, and any other value is a usage error naming
/// those (a verb never falls back to a table for a format it does not write).
/// </summary>
internal static class OutputFormat
{
    /// <summary>
    /// A <c>--format</c> option for <paramref name="verb"/>. The first allowed value is the default; with
    /// <paramref name="defaultText"/> there is none (the verb decides, and the text says how).
    /// </summary>
    public static Option<string?> Create(string verb, string[] allowed, string? hint = null, string? defaultText = null)
    {
        var option = new Option<string?>("--format")
        {
            Description = $"Output format: {Join(allowed)} (default {defaultText ?? allowed[0]}).{(hint is null ? "" : " " + hint)}",
            HelpName = string.Join('|', allowed),
        };
        if (defaultText is null)
        {
            option.DefaultValueFactory = _ => allowed[0];
        }
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var value && !allowed.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"--format {value}: '{verb}' writes {Join(allowed)}.{(hint is null ? "" : " " + hint)}");
            }
        });
        return option;
    }

    /// <summary>"a, b or c".</summary>
    public static string Join(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}";
}
