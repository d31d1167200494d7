using System.Text.Json;

namespace Evalstore.Server.Tests.Vendors;

/// <summary>Compares the shape of two JSON documents: every key, its nesting and its JSON type (true and false are one type).</summary>
public static class JsonShape
{
    /// <summary>
    /// Returns the differences: keys of <paramref name="expected"/> missing from <paramref name="actual"/>, values of a
    /// different type, and keys of <paramref name="actual"/> that are neither expected nor in <paramref name="allowedExtra"/>.
    /// An expected array's first element is the shape every actual element must have.
    /// </summary>
    public static List<string> Differences(JsonElement expected, JsonElement actual, IReadOnlySet<string> allowedExtra, string path = "$")
    {
        var differences = new List<string>();
        if (Kind(expected) != Kind(actual))
        {
            differences.Add($"{path}: expected {Kind(expected)}, found {Kind(actual)} ({Show(actual)})");
            return differences;
        }
        if (expected.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in expected.EnumerateObject())
            {
                if (actual.TryGetProperty(property.Name, out var value))
                {
                    differences.AddRange(Differences(property.Value, value, allowedExtra, $"{path}.{property.Name}"));
                }
                else
                {
                    differences.Add($"{path}.{property.Name}: missing");
                }
            }
            differences.AddRange(actual.EnumerateObject()
                .Where(p => !expected.TryGetProperty(p.Name, out _) && !allowedExtra.Contains(p.Name))
                .Select(p => $"{path}.{p.Name}: not in the expected document"));
        }
        else if (expected.ValueKind == JsonValueKind.Array && expected.GetArrayLength() > 0)
        {
            if (actual.GetArrayLength() == 0)
            {
                differences.Add($"{path}: expected a non-empty array");
            }
            var index = 0;
            foreach (var item in actual.EnumerateArray())
            {
                differences.AddRange(Differences(expected[0], item, allowedExtra, $"{path}[{index++}]"));
            }
        }
        return differences;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static string Show(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? "nothing" : element.GetRawText();
}
