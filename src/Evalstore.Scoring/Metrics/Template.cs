using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Evalstore.Scoring.Metrics;

/// <summary>
/// Field templates such as <c>{{sample.output_text}}</c> or <c>Question: {{item.input}}</c>: each <c>{{path}}</c> is a
/// dotted path into the row (with numeric segments indexing lists); strings are inserted as they are, other values
/// as JSON. A path that does not exist makes the whole template missing, so the metric records an error instead of
/// scoring an empty string.
/// </summary>
public static partial class Template
{
    /// <summary>Renders a template against a row; null when a referenced field is missing.</summary>
    public static string? Render(string template, JsonElement row)
    {
        ArgumentNullException.ThrowIfNull(template);
        var missing = false;
        var text = Placeholder().Replace(template, match =>
        {
            var value = Resolve(row, match.Groups[1].Value.Trim());
            if (value is null)
            {
                missing = true;
                return "";
            }
            return value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : value.Value.GetRawText();
        });
        return missing ? null : text;
    }

    /// <summary>The value at a dotted path, or null.</summary>
    public static JsonElement? Resolve(JsonElement row, string path)
    {
        var current = row;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0
                && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    /// <summary>Every path a template references (for validating a spec up front).</summary>
    public static IEnumerable<string> Paths(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value.Trim());

    [GeneratedRegex(@"\{\{\s*([^{}]+?)\s*\}\}")]
    private static partial Regex Placeholder();

    internal static string Describe(string template) => new StringBuilder(template).Replace("\n", " ").ToString();
}
