using Evalstore.Core.Model;

namespace Evalstore.Core.Items;

/// <summary>Item flags by their wire names, shared by the API's <c>flag=</c>, the CLI's <c>--flag</c> and the UI's filter.</summary>
public static class ItemFlags
{
    /// <summary>Every flag's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<ItemFlag>().Select(WireNames.Of)];

    /// <summary>Flags repeated or comma-separated; an unknown one is a 400 naming the known ones.</summary>
    public static IReadOnlyList<ItemFlag> Parse(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var flags = new List<ItemFlag>();
        const StringSplitOptions Options = StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries;
        foreach (var name in values.SelectMany(v => (v ?? "").Split(',', Options)))
        {
            var index = Names.ToList().IndexOf(name);
            flags.Add(index >= 0 ? Enum.GetValues<ItemFlag>()[index]
                : throw EvalstoreException.BadRequest($"'flag' must be one of {string.Join(", ", Names)}, found '{name}'."));
        }
        return flags;
    }
}
