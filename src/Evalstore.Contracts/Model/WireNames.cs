using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evalstore.Core.Model;

/// <summary>
/// An enum value's string on the wire (its <see cref="JsonStringEnumMemberNameAttribute"/>, else its snake_case name, as
/// EvalstoreJson writes it), for text that must read the same as the JSON: tables, JUnit, Markdown.
/// </summary>
public static class WireNames
{
    private static readonly ConcurrentDictionary<Enum, string> s_names = new();

    /// <summary>The wire string of <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum =>
        s_names.GetOrAdd(value, v =>
        {
            var name = v.ToString();
            return typeof(T).GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        });
}
