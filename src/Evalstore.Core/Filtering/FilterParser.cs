namespace Evalstore.Core.Filtering;

/// <summary>
/// Parses NeMo's filter syntaxes (JSON object, bracket / deepObject query parameters and text) into a <see cref="FilterExpr"/>.
/// Every syntax error is a 400 <see cref="EvalstoreException"/> that quotes the input and says what was expected where.
/// </summary>
public static class FilterParser
{
    /// <summary>Deepest nesting of <c>$and</c>/<c>$or</c>/<c>$not</c>, parentheses or negations accepted, bounding recursion on hostile
    /// input.</summary>
    public const int MaxDepth = 32;

    internal static readonly Func<string, FilterOperator> FilterBareOperator = _ => FilterOperator.Eq;

    /// <summary>
    /// Parses a <c>filter</c> value: JSON object syntax when the trimmed text starts with <c>{</c>, the text syntax otherwise.
    /// Bare values (<c>{"name":"x"}</c>, <c>name:x</c>) mean <c>$eq</c>. Fields are not checked; see <see cref="Parse(string,
    /// FilterSchema)"/>.
    /// </summary>
    public static FilterExpr Parse(string text) => ParseAs(text, QueryFilterReader.FilterKey, FilterBareOperator);

    /// <summary>Parses a <c>filter</c> value and validates it against <paramref name="schema"/>.</summary>
    public static FilterExpr Parse(string text, FilterSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Validate(Parse(text));
    }

    /// <summary>
    /// Parses a <c>search</c> value, where bare values (<c>{"name":"llama"}</c>, <c>name:llama</c>) mean <c>$like</c>, a
    /// substring match. Explicit operators keep their meaning.
    /// </summary>
    public static FilterExpr ParseSearch(string text) => ParseAs(text, QueryFilterReader.SearchKey, SearchBareOperator(null));

    /// <summary>
    /// Parses and validates a <c>search</c> value. With a schema, a bare value on a date-time field means <c>$eq</c>,
    /// since a substring of an instant is meaningless.
    /// </summary>
    public static FilterExpr ParseSearch(string text, FilterSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Validate(ParseAs(text, QueryFilterReader.SearchKey, SearchBareOperator(schema)));
    }

    /// <summary>
    /// Reads the filter of a request from its query pairs (repeat a key for each of its values). <c>filter=…</c> and every
    /// <c>filter[…]=…</c> are ANDed; when no non-blank <c>filter</c> parameter is present, the <c>search</c> forms are used
    /// instead, with search semantics. Returns null when neither kind of key is present. Fields are not checked; see
    /// <see cref="FromQuery(IEnumerable{KeyValuePair{string, string}}, FilterSchema)"/>.
    /// </summary>
    public static QueryFilter? FromQuery(IEnumerable<KeyValuePair<string, string?>> query) => QueryFilterReader.Read(query, null);

    /// <summary>Like <see cref="FromQuery(IEnumerable{KeyValuePair{string, string}})"/>, validating the filter against <paramref
    /// name="schema"/>.</summary>
    public static QueryFilter? FromQuery(IEnumerable<KeyValuePair<string, string?>> query, FilterSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return QueryFilterReader.Read(query, schema);
    }

    /// <summary>True for <c>filter</c>, <c>filter[…]</c>, <c>search</c> and <c>search[…]</c> (case-sensitive), the keys <see
    /// cref="FromQuery(IEnumerable{KeyValuePair{string, string}})"/> consumes.</summary>
    public static bool IsFilterKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return QueryFilterReader.IsKeyOf(key, QueryFilterReader.FilterKey) || QueryFilterReader.IsKeyOf(key, QueryFilterReader.SearchKey);
    }

    internal static Func<string, FilterOperator> SearchBareOperator(FilterSchema? schema) => field =>
        schema is not null && schema.TryGetFieldType(field, out var type) && type == FilterFieldType.DateTime
            ? FilterOperator.Eq
            : FilterOperator.Like;

    internal static FilterExpr ParseAs(string text, string source, Func<string, FilterOperator> bareOperator)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw FilterErrors.Invalid(
                source, "it is empty; give a JSON object such as {\"name\":\"llama\"} or text such as name:\"llama\".");
        }
        return trimmed[0] switch
        {
            '{' => JsonFilterReader.ParseObject(trimmed, source, bareOperator),
            // No text filter starts with '[', so this is JSON of the wrong shape; say so rather than report a text syntax error.
            '[' => throw FilterErrors.Invalid(source, "a JSON filter must be an object such as {\"name\": \"llama\"}, not an array."),
            _ => TextFilterParser.Parse(text, source, bareOperator),
        };
    }
}
