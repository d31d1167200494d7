namespace Evalstore.Core.Filtering;

/// <summary>
/// Collects the filter from query parameters: <c>filter=&lt;json or text&gt;</c> and the bracket (deepObject) forms
/// <c>filter[name]=x</c>, <c>filter[name][$like]=x</c>, <c>filter[name][$in]=a,b</c> and <c>filter[$or]=[…]</c>, all
/// ANDed; or, only when no <c>filter</c> is given, the same forms under <c>search</c> with bare values meaning <c>$like</c>.
/// </summary>
internal static class QueryFilterReader
{
    public const string FilterKey = "filter";
    public const string SearchKey = "search";

    public static bool IsKeyOf(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && (key.Length == prefix.Length || key[prefix.Length] == '[');

    public static QueryFilter? Read(IEnumerable<KeyValuePair<string, string?>> query, FilterSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<KeyValuePair<string, string>>();
        var searches = new List<KeyValuePair<string, string>>();
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            var target = IsKeyOf(key, FilterKey) ? filters : IsKeyOf(key, SearchKey) ? searches : null;
            if (target is not null)
            {
                target.Add(new(key, value ?? ""));
                consumed.Add(key);
            }
        }
        if (consumed.Count == 0)
        {
            return null;
        }
        // A blank ?filter= does not count as given, so a form that always sends the field still lets search apply.
        var useSearch = !filters.Any(IsGiven);
        var expr = useSearch
            ? Combine(searches, SearchKey, FilterParser.SearchBareOperator(schema))
            : Combine(filters, FilterKey, FilterParser.FilterBareOperator);
        if (expr is not null)
        {
            schema?.Validate(expr);
        }
        return new QueryFilter(expr, consumed, useSearch && expr is not null);
    }

    private static bool IsGiven(KeyValuePair<string, string> pair)
        => pair.Key.Length > FilterKey.Length || !string.IsNullOrWhiteSpace(pair.Value);

    private static FilterExpr? Combine(List<KeyValuePair<string, string>> pairs, string prefix, Func<string, FilterOperator> bare)
    {
        var terms = new List<FilterExpr>();
        foreach (var (key, value) in pairs)
        {
            if (key.Length > prefix.Length)
            {
                terms.Add(ReadBracket(key, value, prefix, bare));
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                terms.Add(FilterParser.ParseAs(value, prefix, bare));
            }
        }
        return terms.Count switch
        {
            0 => null,
            1 => terms[0],
            _ => new AndFilter(terms),
        };
    }

    private static FilterExpr ReadBracket(string key, string value, string prefix, Func<string, FilterOperator> bare)
    {
        var source = $"{prefix} parameter '{key}'";
        var segments = Segments(key, prefix);
        if (segments[0].StartsWith('$'))
        {
            var op = segments[0];
            if (op is not ("$and" or "$or" or "$not"))
            {
                throw FilterErrors.Invalid(source, FilterOperators.TryParse(op, out _)
                    ? $"'{op}' compares a field, so it follows one: {prefix}[name][{op}]=…"
                    : $"unknown operator '{op}'; the logical operators are $and, $or and $not.");
            }
            if (segments.Count > 1)
            {
                throw FilterErrors.Invalid(
                    source, $"{op} takes its JSON value directly, e.g. {prefix}[$or]=[{{\"name\":\"a\"}},{{\"name\":\"b\"}}].");
            }
            return JsonFilterReader.ParseLogical(op, value, source, bare);
        }
        // deepObject nesting names sub-fields: filter[labels][team]=x is the same as filter[labels.team]=x.
        var fieldCount = segments.TakeWhile(s => !s.StartsWith('$')).Count();
        var field = string.Join('.', segments.Take(fieldCount));
        if (segments.Count == fieldCount)
        {
            return new FieldFilter(field, bare(field), [value]);
        }
        var token = segments[fieldCount];
        if (segments.Count > fieldCount + 1)
        {
            throw FilterErrors.Invalid(source, $"only one operator may follow the field, e.g. {prefix}[{field}][{token}]=…");
        }
        if (!FilterOperators.TryParse(token, out var comparison))
        {
            throw FilterErrors.Invalid(
                source, $"unknown operator '{token}' for field '{field}'; supported: {FilterOperators.ComparisonList}.");
        }
        return new FieldFilter(field, comparison, comparison.TakesList() ? SplitList(value) : [value]);
    }

    /// <summary>Comma-splits an <c>$in</c>/<c>$nin</c> value, trimming items and dropping empty ones (so an empty value is an empty
    /// list).</summary>
    private static List<string> SplitList(string value) =>
        [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static List<string> Segments(string key, string prefix)
    {
        var source = $"{prefix} parameter name";
        var segments = new List<string>();
        var pos = prefix.Length;
        while (pos < key.Length)
        {
            if (key[pos] != '[')
            {
                throw FilterErrors.Syntax(source, key, pos, "'[' to start the next segment, as in filter[name][$like]");
            }
            var close = key.IndexOf(']', pos + 1);
            if (close < 0)
            {
                throw FilterErrors.Syntax(source, key, key.Length, $"']' to close the '[' at character {pos + 1}");
            }
            if (close == pos + 1)
            {
                throw FilterErrors.Syntax(source, key, pos, "a field name or operator between the brackets");
            }
            segments.Add(key[(pos + 1)..close]);
            pos = close + 1;
        }
        return segments;
    }
}
