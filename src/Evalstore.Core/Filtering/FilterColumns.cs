namespace Evalstore.Core.Filtering;

/// <summary>
/// Maps filter fields to SQL column expressions for <see cref="FilterSql"/>, so that the filter language knows no
/// table or column names of a store.
/// </summary>
/// <remarks>
/// Column expressions are inserted verbatim and must bind at least as tightly as a comparison: a column, a function
/// call or a PostgreSQL <c>-&gt;&gt;</c> expression all do.
/// </remarks>
public sealed class FilterColumns
{
    /// <summary>Creates a column map.</summary>
    /// <param name="columns">Field → SQL expression; a schema field missing here uses its own name as the column.</param>
    /// <param name="wildcardColumn">For fields under the schema's wildcard prefix: the key after the prefix → SQL expression.</param>
    public FilterColumns(IReadOnlyDictionary<string, string>? columns = null, Func<string, string>? wildcardColumn = null)
    {
        Columns = columns ?? new Dictionary<string, string>();
        WildcardColumn = wildcardColumn;
    }

    /// <summary>Field → SQL expression.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; }

    /// <summary>Wildcard key (e.g. <c>team</c> for <c>labels.team</c>) → SQL expression; null when wildcard fields cannot be
    /// rendered.</summary>
    public Func<string, string>? WildcardColumn { get; }

    /// <summary>
    /// SQLite text member of a JSON object column: <c>json_extract(labels, '$."team"')</c>. The key is quoted in the
    /// JSON path so dots and spaces are literal; the schema rejects keys with <c>"</c> or <c>\</c>, which a SQLite
    /// path cannot express.
    /// </summary>
    public static Func<string, string> SqliteJsonMember(string jsonColumn) =>
        key => $"json_extract({jsonColumn}, '$.\"{SqlLiteral(key)}\"')";

    /// <summary>PostgreSQL text member of a <c>json</c>/<c>jsonb</c> column: <c>labels -&gt;&gt; 'team'</c>.</summary>
    public static Func<string, string> PostgresJsonMember(string jsonColumn) =>
        key => $"{jsonColumn} ->> '{SqlLiteral(key)}'";

    // Doubling the quote is the one escape both dialects share inside a standard string literal.
    private static string SqlLiteral(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
