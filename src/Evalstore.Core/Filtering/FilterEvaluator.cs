namespace Evalstore.Core.Filtering;

/// <summary>
/// Evaluates a filter in memory with the same semantics as <see cref="FilterSql"/>: a missing (null) field fails every
/// comparison except <c>$nin</c>; date-times compare as instants; text compares ordinally; <c>$like</c> is a
/// case-insensitive substring match (ordinal ignore-case, i.e. invariant simple case folding).
/// </summary>
public static class FilterEvaluator
{
    /// <summary>Validates <paramref name="expr"/> and tests one record.</summary>
    /// <param name="expr">The filter.</param>
    /// <param name="getField">Field name (e.g. <c>model</c>, <c>labels.team</c>) → value as text, or null when absent.
    /// Date-time fields must be ISO 8601 text, e.g. <c>DateTimeOffset.ToString("O")</c>.</param>
    /// <param name="schema">Field types.</param>
    public static bool Matches(FilterExpr expr, Func<string, string?> getField, FilterSchema schema)
    {
        ArgumentNullException.ThrowIfNull(getField);
        return Compile(expr, schema)(getField);
    }

    /// <summary>Validates once and returns a reusable predicate, for testing many records against one filter.</summary>
    public static Func<Func<string, string?>, bool> Compile(FilterExpr expr, FilterSchema schema)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate(expr);
        return Build(expr, schema);
    }

    private static Func<Func<string, string?>, bool> Build(FilterExpr expr, FilterSchema schema)
    {
        switch (expr)
        {
            case AndFilter and:
                var all = and.Terms.Select(t => Build(t, schema)).ToArray();
                return get => Array.TrueForAll(all, term => term(get));
            case OrFilter or:
                var any = or.Terms.Select(t => Build(t, schema)).ToArray();
                return get => Array.Exists(any, term => term(get));
            case NotFilter not:
                var inner = Build(not.Term, schema);
                return get => !inner(get);
            case FieldFilter field:
                var test = schema.TypeOf(field.Field) == FilterFieldType.DateTime ? InstantTest(field) : TextTest(field);
                var name = field.Field;
                return get => test(get(name));
            default:
                throw new ArgumentException($"Unknown filter node {expr.GetType().Name}.", nameof(expr));
        }
    }

    private static Func<string?, bool> TextTest(FieldFilter filter)
    {
        var value = filter.Value;
        var set = new HashSet<string>(filter.Values, StringComparer.Ordinal);
        return filter.Operator switch
        {
            FilterOperator.Eq => v => v is not null && string.Equals(v, value, StringComparison.Ordinal),
            FilterOperator.Like => v => v is not null && v.Contains(value, StringComparison.OrdinalIgnoreCase),
            FilterOperator.Lt => v => v is not null && string.CompareOrdinal(v, value) < 0,
            FilterOperator.Lte => v => v is not null && string.CompareOrdinal(v, value) <= 0,
            FilterOperator.Gt => v => v is not null && string.CompareOrdinal(v, value) > 0,
            FilterOperator.Gte => v => v is not null && string.CompareOrdinal(v, value) >= 0,
            FilterOperator.In => v => v is not null && set.Contains(v),
            FilterOperator.Nin => v => v is null || !set.Contains(v),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Operator, "Unknown filter operator."),
        };
    }

    private static Func<string?, bool> InstantTest(FieldFilter filter)
    {
        // Parse the filter's values once; the schema has already checked them.
        var values = filter.Values.Select(FilterDateTime.Parse).ToArray();
        var field = filter.Field;
        DateTimeOffset? Read(string? text) => text is null ? null
            : FilterDateTime.TryParse(text, out var instant) ? instant
            : throw new InvalidOperationException($"Field '{field}' holds '{text}', which is not an ISO 8601 date-time.");
        return filter.Operator switch
        {
            FilterOperator.Eq => v => Read(v) is { } t && t == values[0],
            FilterOperator.Lt => v => Read(v) is { } t && t < values[0],
            FilterOperator.Lte => v => Read(v) is { } t && t <= values[0],
            FilterOperator.Gt => v => Read(v) is { } t && t > values[0],
            FilterOperator.Gte => v => Read(v) is { } t && t >= values[0],
            FilterOperator.In => v => Read(v) is { } t && Array.IndexOf(values, t) >= 0,
            FilterOperator.Nin => v => Read(v) is not { } t || Array.IndexOf(values, t) < 0,
            _ => throw new ArgumentOutOfRangeException(
                nameof(filter), filter.Operator, $"{filter.Operator.ToToken()} does not apply to date-times."),
        };
    }
}
