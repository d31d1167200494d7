using System.Globalization;
using System.Text.Json;

namespace Evalstore.Server.Tests.Vendors.Conformance;

/// <summary>JSON types a vendor's schema gives a field.</summary>
public enum Wire
{
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    /// <summary>A proto3 uint64: a JSON string of decimal digits.</summary>
    Uint64String,
    /// <summary>An RFC 3339 / ISO 8601 timestamp string.</summary>
    DateTime,
    /// <summary>A NeMo row-score value: a number or the string "NaN".</summary>
    NumberOrNaN,
    /// <summary>Any JSON value (pydantic <c>Any</c>).</summary>
    Any,
}

/// <summary>One field of a vendor schema: JSON type, whether it must be present, whether null is allowed, its enum.</summary>
public sealed record Field(string Name, Wire Type, bool Required = false, bool Nullable = false, IReadOnlyList<string>? Enum = null,
    WireShape? Shape = null, WireShape? Items = null, Wire? ItemType = null);

/// <summary>
/// A vendor schema as a field list. <see cref="Closed"/> shapes (pydantic <c>extra="forbid"</c>, or fixed shapes such as
/// NeMo's <c>MetricOutput</c>) allow no other key; open ones (DigitalOcean's proto messages, NeMo's <c>RowScore</c>)
/// only constrain the keys they name.
/// </summary>
public sealed record WireShape(string Name, bool Closed, params Field[] Fields)
{
    /// <summary>Every way <paramref name="json"/> breaks this shape, as JSON paths with a reason; empty when it conforms.</summary>
    public List<string> Violations(JsonElement json, string path = "$")
    {
        var violations = new List<string>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            violations.Add($"{path}: {Name} must be an object, found {json.ValueKind}");
            return violations;
        }
        foreach (var field in Fields)
        {
            var at = $"{path}.{field.Name}";
            if (!json.TryGetProperty(field.Name, out var value))
            {
                if (field.Required)
                {
                    violations.Add($"{at}: required by {Name}, missing");
                }
                continue;
            }
            violations.AddRange(Check(field, value, at));
        }
        if (Closed)
        {
            violations.AddRange(json.EnumerateObject().Where(p => Fields.All(f => f.Name != p.Name))
                .Select(p => $"{path}.{p.Name}: not a field of {Name}"));
        }
        return violations;
    }

    /// <summary>Asserts the JSON conforms, listing every violation when it does not.</summary>
    public void Assert(JsonElement json)
    {
        var violations = Violations(json);
        Xunit.Assert.True(violations.Count == 0,
            $"{Name} violates the vendor's schema:\n{string.Join('\n', violations)}\n{json.GetRawText()}");
    }

    private static IEnumerable<string> Check(Field field, JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return field.Nullable ? [] : [$"{at}: null, but the field is not nullable"];
        }
        if (!Is(field.Type, value))
        {
            return [$"{at}: expected {field.Type}, found {value.ValueKind} ({value.GetRawText()})"];
        }
        if (field.Enum is { } allowed && !allowed.Contains(value.GetString()))
        {
            return [$"{at}: '{value.GetString()}' is not one of {string.Join(", ", allowed)}"];
        }
        if (field.Shape is { } shape)
        {
            return shape.Violations(value, at);
        }
        if (field.Type == Wire.Array)
        {
            return value.EnumerateArray().SelectMany((item, i) => field.Items is { } items ? items.Violations(item, $"{at}[{i}]")
                : field.ItemType is { } type && !Is(type, item) ? [$"{at}[{i}]: expected {type}, found {item.ValueKind}"]
                : []);
        }
        return [];
    }

    private static bool Is(Wire type, JsonElement value) => type switch
    {
        Wire.String => value.ValueKind == JsonValueKind.String,
        Wire.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        Wire.Number => value.ValueKind == JsonValueKind.Number,
        Wire.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        Wire.Object => value.ValueKind == JsonValueKind.Object,
        Wire.Array => value.ValueKind == JsonValueKind.Array,
        Wire.Uint64String => value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None,
            CultureInfo.InvariantCulture, out _),
        Wire.DateTime => value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        Wire.NumberOrNaN => value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String
            && value.GetString() == "NaN"),
        _ => true,
    };
}
