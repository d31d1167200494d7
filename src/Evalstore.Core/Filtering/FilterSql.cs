namespace Evalstore.Core.Filtering;

/// <summary>
/// Renders a filter as a parenthesised SQL boolean expression with parameters, for SQLite or PostgreSQL.
/// </summary>
/// <remarks>
/// <para>Semantics match <see cref="FilterEvaluator"/>: a comparison with a NULL column is false, except <c>$nin</c>,
/// which a NULL column satisfies (a result without a model is not in ["x"]).</para>
/// <para>SQL compares NULL as UNKNOWN, and <c>NOT UNKNOWN</c> is still UNKNOWN, so a plain <c>NOT (model = @p)</c> would
/// drop results without a model. <c>NOT</c> therefore wraps a possibly-NULL operand in <c>COALESCE(…, FALSE)</c>. Only
/// AND and OR sit between a comparison and the next NOT, and both are monotone, so UNKNOWN coalesced to FALSE there is
/// exactly the in-memory result with each NULL comparison taken as false. Outside NOT, comparisons stay plain so indexes
/// remain usable.</para>
/// <para><c>$like</c> is a case-insensitive substring match: SQLite <c>LIKE @p ESCAPE '\'</c> (case folding for ASCII
/// letters only, unless the store enables ICU or <c>case_sensitive_like</c>), PostgreSQL <c>ILIKE @p ESCAPE '\'</c>. The
/// pattern is <c>%value%</c> with <c>%</c>, <c>_</c> and <c>\</c> escaped, so user text is never a wildcard.</para>
/// <para>Range comparisons on text are ordinal: SQLite's default BINARY collation, and <c>COLLATE "C"</c> on PostgreSQL,
/// whose default collation would otherwise sort by locale.</para>
/// <para><c>TRUE</c> and <c>FALSE</c> are written as keywords, which SQLite understands since 3.23.</para>
/// </remarks>
public static class FilterSql
{
    /// <summary>Renders <paramref name="expr"/> after validating it against <paramref name="schema"/>.</summary>
    /// <param name="expr">The filter.</param>
    /// <param name="schema">Field types and, in <see cref="FilterSchema.Columns"/>, the SQL expression of each field.</param>
    /// <param name="dialect">SQL flavour.</param>
    /// <param name="addParameter">
    /// Registers a value and returns its placeholder (e.g. <c>@p3</c>). Called left to right, once per value; text values
    /// are <see cref="string"/>, date-time values <see cref="DateTimeOffset"/> in UTC.
    /// </param>
    /// <returns>A boolean expression in parentheses, e.g. <c>(name = @p0)</c>.</returns>
    public static string Render(FilterExpr expr, FilterSchema schema, SqlDialect dialect, Func<object, string> addParameter)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(addParameter);
        schema.Validate(expr);
        var fragment = new Renderer(schema, dialect, addParameter).Render(expr);
        // Grouped fragments are parenthesised groups or the bare constants TRUE/FALSE; callers get parentheses either way.
        return fragment.Grouped && fragment.Sql.StartsWith('(') ? fragment.Sql : $"({fragment.Sql})";
    }

    /// <summary>Escapes <c>\</c>, <c>%</c> and <c>_</c> for a <c>LIKE … ESCAPE '\'</c> pattern.</summary>
    public static string EscapeLike(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value
            .Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
    }

    private static string Group(Fragment fragment) => fragment.Grouped ? fragment.Sql : $"({fragment.Sql})";

    /// <summary>A piece of SQL, whether it can be NULL, and whether it is self-delimited (a parenthesised group or a constant).</summary>
    private readonly record struct Fragment(string Sql, bool Nullable, bool Grouped);

    private sealed class Renderer(FilterSchema schema, SqlDialect dialect, Func<object, string> addParameter)
    {
        public Fragment Render(FilterExpr expr) => expr switch
        {
            AndFilter and => Join(and.Terms, "AND", "TRUE"),
            OrFilter or => Join(or.Terms, "OR", "FALSE"),
            NotFilter not => Negate(Render(not.Term)),
            FieldFilter field => Compare(field),
            _ => throw new ArgumentException($"Unknown filter node {expr.GetType().Name}.", nameof(expr)),
        };

        private Fragment Join(IReadOnlyList<FilterExpr> terms, string keyword, string empty)
        {
            if (terms.Count == 0)
            {
                return new Fragment(empty, false, true);
            }
            if (terms.Count == 1)
            {
                return Render(terms[0]);
            }
            // Every fragment binds tighter than AND and OR (OR and AND groups come back parenthesised), so no extra parentheses.
            var parts = terms.Select(Render).ToList();
            return new Fragment($"({string.Join($" {keyword} ", parts.Select(p => p.Sql))})", parts.Any(p => p.Nullable), true);
        }

        private static Fragment Negate(Fragment inner) => inner.Nullable
            ? new Fragment($"NOT COALESCE({inner.Sql}, FALSE)", false, false)
            : new Fragment($"NOT {Group(inner)}", false, false);

        private Fragment Compare(FieldFilter filter)
        {
            var type = schema.TypeOf(filter.Field);
            var column = Column(filter.Field);
            switch (filter.Operator)
            {
                case FilterOperator.Eq:
                    return Nullable($"{column} = {Parameter(type, filter.Value)}");
                case FilterOperator.Like:
                    var pattern = addParameter($"%{EscapeLike(filter.Value)}%");
                    var like = dialect == SqlDialect.PostgreSql ? "ILIKE" : "LIKE";
                    return Nullable($@"{column} {like} {pattern} ESCAPE '\'");
                case FilterOperator.Lt or FilterOperator.Lte or FilterOperator.Gt or FilterOperator.Gte:
                    var collate = dialect == SqlDialect.PostgreSql && type == FilterFieldType.Text ? " COLLATE \"C\"" : "";
                    return Nullable($"{column} {Symbol(filter.Operator)} {Parameter(type, filter.Value)}{collate}");
                case FilterOperator.In:
                    return filter.Values.Count == 0
                        ? new Fragment("FALSE", false, true)
                        : Nullable($"{column} IN ({List(type, filter.Values)})");
                case FilterOperator.Nin:
                    return filter.Values.Count == 0
                        ? new Fragment("TRUE", false, true)
                        : new Fragment($"({column} IS NULL OR {column} NOT IN ({List(type, filter.Values)}))", false, true);
                default:
                    throw new ArgumentOutOfRangeException(nameof(filter), filter.Operator, "Unknown filter operator.");
            }
        }

        private static Fragment Nullable(string sql) => new(sql, true, false);

        private string List(FilterFieldType type, IReadOnlyList<string> values) =>
            string.Join(", ", values.Select(v => Parameter(type, v)));

        private string Parameter(FilterFieldType type, string value) =>
            addParameter(type == FilterFieldType.DateTime ? FilterDateTime.Parse(value) : value);

        private string Column(string field)
        {
            if (schema.Columns?.Columns.TryGetValue(field, out var mapped) == true)
            {
                return mapped;
            }
            if (schema.Fields.ContainsKey(field))
            {
                return IsPlainIdentifier(field)
                    ? field
                    : throw new InvalidOperationException(
                        $"Filter field '{field}' needs an entry in FilterColumns: it is not a plain SQL identifier.");
            }
            var key = schema.WildcardKey(field) ?? throw new InvalidOperationException($"Filter field '{field}' was not validated.");
            var wildcard = schema.Columns?.WildcardColumn
                ?? throw new InvalidOperationException($"Filter field '{field}' needs FilterColumns.WildcardColumn to be rendered as SQL.");
            return wildcard(key);
        }

        private static bool IsPlainIdentifier(string name) =>
            name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

        private static string Symbol(FilterOperator op) => op switch
        {
            FilterOperator.Lt => "<",
            FilterOperator.Lte => "<=",
            FilterOperator.Gt => ">",
            _ => ">=",
        };
    }
}
