namespace Evalstore.Core.Filtering;

/// <summary>
/// The fields a filter may use and their types, plus an optional wildcard prefix (<c>labels.</c>) under which any key
/// is a field. Validation turns every mistake into a 400 that names the field and lists what is allowed.
/// </summary>
public sealed class FilterSchema
{
    private readonly Dictionary<string, FilterFieldType> _fields;

    /// <summary>Creates a schema.</summary>
    /// <param name="fields">Field name → type; names are case-sensitive.</param>
    /// <param name="wildcardPrefix">A prefix such as <c>labels.</c>; any non-empty key after it is a field.</param>
    /// <param name="wildcardType">Type of the wildcard fields.</param>
    /// <param name="columns">SQL column mapping for <see cref="FilterSql"/>; not needed for parsing or evaluation.</param>
    public FilterSchema(
        IEnumerable<KeyValuePair<string, FilterFieldType>> fields,
        string? wildcardPrefix = null,
        FilterFieldType wildcardType = FilterFieldType.Text,
        FilterColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, FilterFieldType>(fields, StringComparer.Ordinal);
        WildcardPrefix = string.IsNullOrEmpty(wildcardPrefix) ? null : wildcardPrefix;
        WildcardType = wildcardType;
        Columns = columns;
    }

    /// <summary>
    /// The fields of a result list: the references and identity as text, <c>created_at</c> and <c>updated_at</c> as
    /// date-times, and <c>labels.&lt;key&gt;</c>.
    /// </summary>
    public static FilterSchema Results { get; } = new(
        new Dictionary<string, FilterFieldType>
        {
            ["name"] = FilterFieldType.Text,
            ["project"] = FilterFieldType.Text,
            ["kind"] = FilterFieldType.Text,
            ["status"] = FilterFieldType.Text,
            ["model"] = FilterFieldType.Text,
            ["dataset"] = FilterFieldType.Text,
            ["metric"] = FilterFieldType.Text,
            ["benchmark"] = FilterFieldType.Text,
            ["evaluation"] = FilterFieldType.Text,
            ["created_at"] = FilterFieldType.DateTime,
            ["updated_at"] = FilterFieldType.DateTime,
            ["id"] = FilterFieldType.Text,
        },
        wildcardPrefix: "labels.");

    /// <summary>Declared fields and their types.</summary>
    public IReadOnlyDictionary<string, FilterFieldType> Fields => _fields;

    /// <summary>Prefix of wildcard fields, or null.</summary>
    public string? WildcardPrefix { get; }

    /// <summary>Type of wildcard fields.</summary>
    public FilterFieldType WildcardType { get; }

    /// <summary>SQL column mapping, or null (then <see cref="FilterSql"/> uses field names as columns and cannot render wildcard
    /// fields).</summary>
    public FilterColumns? Columns { get; }

    /// <summary>The allowed fields as shown in error messages, e.g. <c>name, …, id, labels.&lt;key&gt;</c>.</summary>
    public string AllowedFields =>
        string.Join(", ", WildcardPrefix is null ? _fields.Keys : _fields.Keys.Append($"{WildcardPrefix}<key>"));

    /// <summary>The same fields with a SQL column mapping.</summary>
    public FilterSchema WithColumns(FilterColumns columns) => new(_fields, WildcardPrefix, WildcardType, columns);

    /// <summary>Whether an operator is meaningful for a type: everything except <c>$like</c> on date-times.</summary>
    public static bool Supports(FilterFieldType type, FilterOperator op)
        => !(type == FilterFieldType.DateTime && op == FilterOperator.Like);

    /// <summary>The type of a field, including well-formed wildcard fields; false for anything else.</summary>
    public bool TryGetFieldType(string field, out FilterFieldType type)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (_fields.TryGetValue(field, out type))
        {
            return true;
        }
        type = WildcardType;
        return WildcardKey(field) is { } key && KeyProblem(key) is null;
    }

    /// <summary>
    /// Checks every field, operator and value; returns <paramref name="expr"/> unchanged so calls can be chained.
    /// Throws a 400 <see cref="EvalstoreException"/> for an unknown field, an operator the field's type does not
    /// support, a wrong number of values, or a value that is not an ISO 8601 date or date-time on a date-time field.
    /// </summary>
    public FilterExpr Validate(FilterExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        switch (expr)
        {
            case AndFilter and:
                foreach (var term in and.Terms)
                {
                    Validate(term);
                }
                break;
            case OrFilter or:
                foreach (var term in or.Terms)
                {
                    Validate(term);
                }
                break;
            case NotFilter not:
                Validate(not.Term);
                break;
            case FieldFilter field:
                ValidateField(field);
                break;
            default:
                throw new ArgumentException($"Unknown filter node {expr.GetType().Name}.", nameof(expr));
        }
        return expr;
    }

    /// <summary>The type of a field that <see cref="Validate"/> accepted.</summary>
    internal FilterFieldType TypeOf(string field) =>
        TryGetFieldType(field, out var type) ? type : throw new InvalidOperationException($"Field '{field}' was not validated.");

    /// <summary>The key after the wildcard prefix, or null when <paramref name="field"/> is not a wildcard field.</summary>
    internal string? WildcardKey(string field) =>
        WildcardPrefix is not null && field.Length > WildcardPrefix.Length && field.StartsWith(WildcardPrefix, StringComparison.Ordinal)
            ? field[WildcardPrefix.Length..]
            : null;

    private void ValidateField(FieldFilter filter)
    {
        var type = ResolveType(filter.Field);
        var token = filter.Operator.ToToken();
        if (!Supports(type, filter.Operator))
        {
            throw EvalstoreException.BadRequest(
                $"Operator {token} cannot be used on '{filter.Field}', a date-time field; use $eq, $lt, $lte, $gt, $gte, $in or $nin.");
        }
        if (!filter.Operator.TakesList() && filter.Values.Count != 1)
        {
            throw EvalstoreException.BadRequest(
                $"Operator {token} on '{filter.Field}' takes exactly one value, not {filter.Values.Count}.");
        }
        if (type != FilterFieldType.DateTime)
        {
            return;
        }
        foreach (var value in filter.Values)
        {
            if (!FilterDateTime.TryParse(value, out _))
            {
                throw EvalstoreException.BadRequest(
                    $"'{FilterErrors.Echo(value)}' is not a valid value for '{filter.Field}': expected an ISO 8601 date or date-time "
                    + $"such as {FilterDateTime.Examples} (UTC when no offset is given).");
            }
        }
    }

    private FilterFieldType ResolveType(string field)
    {
        if (_fields.TryGetValue(field, out var type))
        {
            return type;
        }
        if (WildcardKey(field) is { } key)
        {
            return KeyProblem(key) is { } problem
                ? throw EvalstoreException.BadRequest($"Invalid filter field '{FilterErrors.Echo(field)}': {problem}")
                : WildcardType;
        }
        throw EvalstoreException.BadRequest($"Unknown filter field '{FilterErrors.Echo(field)}'. Allowed fields: {AllowedFields}.")
            .With("allowed_fields", AllowedFields);
    }

    // A SQLite JSON path cannot quote '"' or '\' inside a key, and control characters are never intended, so such keys
    // are refused here rather than rendered into SQL that would silently match nothing.
    private static string? KeyProblem(string key) =>
        key.Any(c => c is '"' or '\\' || char.IsControl(c))
            ? "a key may not contain double quotes, backslashes or control characters."
            : null;
}
