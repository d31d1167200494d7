using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

/// <summary>Executes the rendered SQL of every <see cref="FilterTable"/> case and checks it selects the expected rows.</summary>
public sealed class SqlSemanticsTests
{
    private static readonly FilterSchema s_sqlite = FilterSchema.Results.WithColumns(
        new FilterColumns(new Dictionary<string, string> { ["name"] = "r.name" }, FilterColumns.SqliteJsonMember("labels")));

    private static readonly FilterSchema s_postgres = FilterSchema.Results.WithColumns(
        new FilterColumns(new Dictionary<string, string> { ["name"] = "r.name" }, FilterColumns.PostgresJsonMember("labels")));

    public static TheoryData<string, string> Cases => FilterTable.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void PostgresSqlSelectsTheExpectedRows(string filter, string expected)
    {
        Assert.Equal(expected, Select(filter, s_postgres, SqlDialect.PostgreSql));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SqliteSqlSelectsTheExpectedRows(string filter, string expected)
    {
        // SQLite's LIKE folds case for ASCII letters only, so a non-ASCII case-insensitive match is the one documented difference.
        var sqliteExpected = filter == "name~ärger" ? "" : expected;
        Assert.Equal(sqliteExpected, Select(filter, s_sqlite, SqlDialect.Sqlite));
    }

    [Fact]
    public void WithoutCoalesceNotWouldDropNullRows()
    {
        // Guards the reason for COALESCE: the naive negation loses the result without a model.
        var parameters = new Dictionary<string, object> { ["@p0"] = "x" };
        var naive = MiniSql.Compile("(NOT (model = @p0))", parameters);
        var rendered = MiniSql.Compile("(NOT COALESCE(model = @p0, FALSE))", parameters);
        Assert.Equal("llama-3-8b, mistral_7b", FilterTable.Names(r => naive(r.Columns())));
        Assert.Equal("llama-3-8b, Llama-70B, mistral_7b", FilterTable.Names(r => rendered(r.Columns())));
    }

    private static string Select(string filter, FilterSchema schema, SqlDialect dialect)
    {
        var parameters = new Dictionary<string, object>();
        var sql = FilterSql.Render(FilterParser.Parse(filter), schema, dialect, value =>
        {
            var name = $"@p{parameters.Count}";
            parameters[name] = value;
            return name;
        });
        var predicate = MiniSql.Compile(sql, parameters);
        return FilterTable.Names(row => predicate(row.Columns()));
    }
}
