using System.Text.Json;

namespace Evalstore.Core.Filtering;

/// <summary>
/// Reads NeMo's JSON object syntax, e.g. <c>{"name":"llama","created_at":{"$lte":"2024-01-01"}}</c>, into a
/// <see cref="FilterExpr"/>. Keys of one object AND together; a scalar value is the "bare" comparison, which is
/// <c>$eq</c> for <c>filter</c> and <c>$like</c> for <c>search</c>.
/// </summary>
internal sealed class JsonFilterReader
{
    private const string LogicalList = "$and, $or, $not";

    // System.Text.Json nests two levels per filter level ({"$and":[{...}]}), so allow twice the filter depth.
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = (FilterParser.MaxDepth * 2) + 4 };

    private readonly string _source;
    private readonly Func<string, FilterOperator> _bareOperator;

    private JsonFilterReader(string source, Func<string, FilterOperator> bareOperator)
    {
        _source = source;
        _bareOperator = bareOperator;
    }

    /// <summary>Parses a whole filter: a JSON object. <c>{}</c> is a filter without conditions (matches everything).</summary>
    public static FilterExpr ParseObject(string json, string source, Func<string, FilterOperator> bareOperator)
    {
        using var document = Load(json, source);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw FilterErrors.Invalid(source, $"a JSON filter must be an object such as {{\"name\": \"llama\"}}, not {Describe(root)}.");
        }
        var reader = new JsonFilterReader(source, bareOperator);
        return IsEmpty(root) ? new AndFilter([]) : reader.ReadObject(root, 1);
    }

    /// <summary>Parses the JSON value of a logical operator given on its own, as in
    /// <c>filter[$or]=[{"name":"a"},{"name":"b"}]</c>.</summary>
    public static FilterExpr ParseLogical(string op, string json, string source, Func<string, FilterOperator> bareOperator)
    {
        using var document = Load(json, source);
        return new JsonFilterReader(source, bareOperator).ReadLogical(op, document.RootElement, 1);
    }

    private static JsonDocument Load(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, s_options);
        }
        catch (JsonException ex)
        {
            // The JSON reader's message names the line and byte position, which is what the user needs to find the typo.
            throw FilterErrors.Invalid(source, $"the value is not valid JSON: {ex.Message}");
        }
    }

    private FilterExpr ReadObject(JsonElement obj, int depth)
    {
        CheckDepth(depth);
        var terms = new List<FilterExpr>();
        foreach (var property in obj.EnumerateObject())
        {
            terms.Add(property.Name.StartsWith('$')
                ? ReadLogical(property.Name, property.Value, depth)
                : ReadField(property.Name, property.Value, depth));
        }
        if (terms.Count == 0)
        {
            throw FilterErrors.Invalid(
                _source, "an empty object {} inside a filter has no condition; give at least one field or operator.");
        }
        return terms.Count == 1 ? terms[0] : new AndFilter(terms);
    }

    private FilterExpr ReadLogical(string op, JsonElement value, int depth)
    {
        switch (op)
        {
            case "$and" or "$or":
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                {
                    throw FilterErrors.Invalid(_source, $"{op} takes a non-empty array of filter objects, not {Describe(value)}.");
                }
                var terms = new List<FilterExpr>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw FilterErrors.Invalid(_source, $"each item of {op} must be a filter object, not {Describe(item)}.");
                    }
                    terms.Add(ReadObject(item, depth + 1));
                }
                return op == "$and" ? new AndFilter(terms) : new OrFilter(terms);
            case "$not":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    throw FilterErrors.Invalid(_source, $"$not takes a filter object, not {Describe(value)}.");
                }
                return new NotFilter(ReadObject(value, depth + 1));
            default:
                var hint = FilterOperators.TryParse(op, out _)
                    ? $"'{op}' compares a field, so it belongs inside one, e.g. {{\"name\": {{\"{op}\": …}}}}."
                    : $"unknown operator '{op}'; the logical operators are {LogicalList}.";
                throw FilterErrors.Invalid(_source, hint);
        }
    }

    private FilterExpr ReadField(string field, JsonElement value, int depth)
    {
        if (field.Length == 0)
        {
            throw FilterErrors.Invalid(_source, "a field name is empty.");
        }
        return value.ValueKind switch
        {
            JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
                new FieldFilter(field, _bareOperator(field), [Scalar(field, value)]),
            JsonValueKind.Object => ReadOperators(field, value, depth + 1),
            JsonValueKind.Array => throw FilterErrors.Invalid(_source,
                $"'{field}' is given a list; to match any of several values write {{\"{field}\": {{\"$in\": [...]}}}}."),
            _ => throw FilterErrors.Invalid(
                _source, $"'{field}' is given {Describe(value)}; expected a string, number, boolean or operator object."),
        };
    }

    private FilterExpr ReadOperators(string field, JsonElement obj, int depth)
    {
        CheckDepth(depth);
        var terms = new List<FilterExpr>();
        foreach (var property in obj.EnumerateObject())
        {
            terms.Add(ReadOperator(field, property.Name, property.Value, depth));
        }
        if (terms.Count == 0)
        {
            throw FilterErrors.Invalid(
                _source, $"the operator object for '{field}' is empty; expected one of {FilterOperators.ComparisonList}.");
        }
        return terms.Count == 1 ? terms[0] : new AndFilter(terms);
    }

    private FilterExpr ReadOperator(string field, string name, JsonElement value, int depth)
    {
        if (name == "$not")
        {
            // Field-level negation, as in MongoDB: {"name": {"$not": {"$like": "test"}}}.
            return new NotFilter(ReadField(field, value, depth));
        }
        if (FilterOperators.TryParse(name, out var op))
        {
            return new FieldFilter(field, op, op.TakesList() ? List(field, name, value) : [Scalar(field, value)]);
        }
        if (!name.StartsWith('$'))
        {
            // A nested object names a sub-field, matching the bracket form filter[labels][team]=x.
            return ReadField($"{field}.{name}", value, depth);
        }
        throw FilterErrors.Invalid(_source,
            $"unknown operator '{name}' for field '{field}'; supported: {FilterOperators.ComparisonList} and $not.");
    }

    private List<string> List(string field, string op, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw FilterErrors.Invalid(_source, $"{op} on '{field}' takes an array such as [\"a\", \"b\"], not {Describe(value)}.");
        }
        var values = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            values.Add(Scalar(field, item));
        }
        return values;
    }

    private string Scalar(string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        // JSON numbers are already invariant text; keep them exactly as written rather than round-tripping a double.
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw FilterErrors.Invalid(_source, $"a value for '{field}' must be a string, number or boolean, not {Describe(value)}."),
    };

    private void CheckDepth(int depth)
    {
        if (depth > FilterParser.MaxDepth)
        {
            throw FilterErrors.Invalid(_source, $"it nests deeper than {FilterParser.MaxDepth} levels.");
        }
    }

    private static bool IsEmpty(JsonElement obj)
    {
        using var properties = obj.EnumerateObject();
        return !properties.MoveNext();
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
