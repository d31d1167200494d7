namespace Evalstore.Core.Filtering;

/// <summary>The SQL flavour <see cref="FilterSql"/> renders for.</summary>
public enum SqlDialect
{
    /// <summary>SQLite: <c>LIKE … ESCAPE '\'</c>, which folds case for ASCII letters only.</summary>
    Sqlite,
    /// <summary>PostgreSQL: <c>ILIKE … ESCAPE '\'</c> and byte-order (<c>COLLATE "C"</c>) range comparisons on text.</summary>
    PostgreSql,
}
