using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class FilterSqlTests
{
    private static readonly FilterSchema s_sqlite = FilterSchema.Results.WithColumns(
        new FilterColumns(new Dictionary<string, string> { ["name"] = "r.name" }, FilterColumns.SqliteJsonMember("labels")));

    private static readonly FilterSchema s_postgres = FilterSchema.Results.WithColumns(
        new FilterColumns(new Dictionary<string, string> { ["name"] = "r.name" }, FilterColumns.PostgresJsonMember("labels")));

    private static (string Sql, List<object> Parameters) Render(string filter, SqlDialect dialect = SqlDialect.Sqlite)
    {
        var parameters = new List<object>();
        var sql = FilterSql.Render(FilterParser.Parse(filter), dialect == SqlDialect.Sqlite ? s_sqlite : s_postgres, dialect, value =>
        {
            parameters.Add(value);
            return $"@p{parameters.Count - 1}";
        });
        return (sql, parameters);
    }

    [Fact]
    public void EqUsesTheMappedColumnAndOneParameter()
    {
        var (sql, parameters) = Render("""name:"llama" """);
        Assert.Equal("(r.name = @p0)", sql);
        Assert.Equal(new object[] { "llama" }, parameters);
    }

    [Fact]
    public void UnmappedFieldsUseTheirNameAsColumn()
    {
        var (sql, parameters) = Render("model:m AND project:p");
        Assert.Equal("(model = @p0 AND project = @p1)", sql);
        Assert.Equal(new object[] { "m", "p" }, parameters);
    }

    [Fact]
    public void SqliteLikeEscapesWildcardsAndWrapsInPercent()
    {
        var (sql, parameters) = Render("""model~"50%_of\\x" """);
        Assert.Equal(@"(model LIKE @p0 ESCAPE '\')", sql);
        Assert.Equal(new object[] { @"%50\%\_of\\x%" }, parameters);
    }

    [Fact]
    public void PostgresLikeIsIlike()
    {
        var (sql, parameters) = Render("model~Llama", SqlDialect.PostgreSql);
        Assert.Equal(@"(model ILIKE @p0 ESCAPE '\')", sql);
        Assert.Equal(new object[] { "%Llama%" }, parameters);
    }

    [Theory]
    [InlineData("name<m", SqlDialect.Sqlite, "(r.name < @p0)")]
    [InlineData("name<=m", SqlDialect.Sqlite, "(r.name <= @p0)")]
    [InlineData("name>m", SqlDialect.PostgreSql, "(r.name > @p0 COLLATE \"C\")")]
    [InlineData("name>=m", SqlDialect.PostgreSql, "(r.name >= @p0 COLLATE \"C\")")]
    [InlineData("labels.tier>=m", SqlDialect.PostgreSql, "(labels ->> 'tier' >= @p0 COLLATE \"C\")")]
    public void TextRangeComparisonsAreOrdinal(string filter, SqlDialect dialect, string expected)
    {
        var (sql, parameters) = Render(filter, dialect);
        Assert.Equal(expected, sql);
        Assert.Equal(new object[] { "m" }, parameters);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.PostgreSql)]
    public void DateTimesBecomeUtcDateTimeOffsetParameters(SqlDialect dialect)
    {
        var (sql, parameters) = Render("created_at>2025-01-01T02:00:00+02:00 AND updated_at<=2025-02-01", dialect);
        Assert.Equal("(created_at > @p0 AND updated_at <= @p1)", sql);
        Assert.Equal(
            new object[] { new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero) },
            parameters);
        Assert.All(parameters, p => Assert.Equal(TimeSpan.Zero, Assert.IsType<DateTimeOffset>(p).Offset));
    }

    [Fact]
    public void InExpandsToOneParameterPerValue()
    {
        var (sql, parameters) = Render("""status IN ["completed", "failed", "running"]""");
        Assert.Equal("(status IN (@p0, @p1, @p2))", sql);
        Assert.Equal(new object[] { "completed", "failed", "running" }, parameters);
    }

    [Fact]
    public void NinKeepsNullColumns()
    {
        var (sql, parameters) = Render("""model NOT IN ["x", "y"]""");
        Assert.Equal("(model IS NULL OR model NOT IN (@p0, @p1))", sql);
        Assert.Equal(new object[] { "x", "y" }, parameters);
    }

    [Fact]
    public void DateTimeInListsAreInstants()
    {
        var (sql, parameters) = Render("""created_at IN ["2025-01-01", "2025-01-01T05:00:00+05:00"]""");
        Assert.Equal("(created_at IN (@p0, @p1))", sql);
        Assert.Equal(parameters[0], parameters[1]);
    }

    [Theory]
    [InlineData("status IN []", "(FALSE)")]
    [InlineData("status NOT IN []", "(TRUE)")]
    [InlineData("-status IN []", "(NOT FALSE)")]
    [InlineData("name:a AND status IN []", "(r.name = @p0 AND FALSE)")]
    public void EmptyListsAreConstants(string filter, string expected)
    {
        Assert.Equal(expected, Render(filter).Sql);
    }

    [Fact]
    public void EmptyAndIsTrue()
    {
        Assert.Equal(
            "(TRUE)", FilterSql.Render(FilterParser.Parse("{}"), s_sqlite, SqlDialect.Sqlite, _ => throw new InvalidOperationException()));
    }

    [Theory]
    [InlineData("-model:x", "(NOT COALESCE(model = @p0, FALSE))")]
    [InlineData("-model~x", @"(NOT COALESCE(model LIKE @p0 ESCAPE '\', FALSE))")]
    [InlineData("-(model:x AND name:y)", "(NOT COALESCE((model = @p0 AND r.name = @p1), FALSE))")]
    [InlineData("-model NOT IN [x]", "(NOT (model IS NULL OR model NOT IN (@p0)))")]
    [InlineData("--model:x", "(NOT (NOT COALESCE(model = @p0, FALSE)))")]
    [InlineData("-(model NOT IN [x] OR -name:y)", "(NOT ((model IS NULL OR model NOT IN (@p0)) OR NOT COALESCE(r.name = @p1, FALSE)))")]
    [InlineData("-(model NOT IN [x] OR name:y)", "(NOT COALESCE(((model IS NULL OR model NOT IN (@p0)) OR r.name = @p1), FALSE))")]
    public void NotCoalescesOperandsThatMayBeNull(string filter, string expected)
    {
        Assert.Equal(expected, Render(filter).Sql);
    }

    [Fact]
    public void NestingAndPrecedenceArePreserved()
    {
        var (sql, parameters) = Render("name:1 OR model:2 AND (status:3 OR -dataset:4)");
        Assert.Equal("(r.name = @p0 OR (model = @p1 AND (status = @p2 OR NOT COALESCE(dataset = @p3, FALSE))))", sql);
        Assert.Equal(new object[] { "1", "2", "3", "4" }, parameters);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite, """(json_extract(labels, '$."team"') = @p0)""")]
    [InlineData(SqlDialect.PostgreSql, "(labels ->> 'team' = @p0)")]
    public void LabelsUseTheWildcardColumn(SqlDialect dialect, string expected)
    {
        var (sql, parameters) = Render("labels.team:nlp", dialect);
        Assert.Equal(expected, sql);
        Assert.Equal(new object[] { "nlp" }, parameters);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite, """(json_extract(labels, '$."o''k.v 2"') = @p0)""")]
    [InlineData(SqlDialect.PostgreSql, "(labels ->> 'o''k.v 2' = @p0)")]
    public void LabelKeysAreQuotedAsSqlLiterals(SqlDialect dialect, string expected)
    {
        Assert.Equal(expected, Render("""{"labels.o'k.v 2":"x"}""", dialect).Sql);
    }

    [Fact]
    public void AllOperatorsInOneFilterForBothDialects()
    {
        const string filter = """{"$and":[{"name":"a"},{"model":{"$like":"b"}},{"created_at":{"$gte":"2025-01-01"}},""" +
            """{"$or":[{"status":{"$in":["x"]}},{"labels.team":{"$nin":["y"]}}]},{"$not":{"dataset":{"$lt":"z"}}}]}""";
        var sqlite = Render(filter);
        var postgres = Render(filter, SqlDialect.PostgreSql);
        Assert.Equal(
            @"(r.name = @p0 AND model LIKE @p1 ESCAPE '\' AND created_at >= @p2 AND (status IN (@p3) OR " +
            @"(json_extract(labels, '$.""team""') IS NULL OR json_extract(labels, '$.""team""') NOT IN (@p4))) AND " +
            @"NOT COALESCE(dataset < @p5, FALSE))",
            sqlite.Sql);
        Assert.Equal(
            @"(r.name = @p0 AND model ILIKE @p1 ESCAPE '\' AND created_at >= @p2 AND (status IN (@p3) OR " +
            @"(labels ->> 'team' IS NULL OR labels ->> 'team' NOT IN (@p4))) AND NOT COALESCE(dataset < @p5 COLLATE ""C"", FALSE))",
            postgres.Sql);
        object[] expected = ["a", "%b%", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), "x", "y", "z"];
        Assert.Equal(expected, sqlite.Parameters);
        Assert.Equal(expected, postgres.Parameters);
    }

    [Fact]
    public void InvalidFiltersAreRejectedBeforeRendering()
    {
        var calls = 0;
        FilterAssert.BadRequest(
            () => FilterSql.Render(FilterParser.Parse("name:a AND color:red"), s_sqlite, SqlDialect.Sqlite, _ => $"@p{calls++}"),
            "Unknown filter field 'color'");
        FilterAssert.BadRequest(
            () => FilterSql.Render(FilterParser.Parse("created_at~2025"), s_sqlite, SqlDialect.Sqlite, _ => $"@p{calls++}"),
            "Operator $like cannot be used on 'created_at'");
        Assert.Equal(0, calls);
    }

    [Fact]
    public void WildcardFieldsNeedAColumnFunction()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => FilterSql.Render(FilterParser.Parse("labels.team:x"), FilterSchema.Results, SqlDialect.Sqlite, _ => "@p"));
        Assert.Contains("FilterColumns.WildcardColumn", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData(@"a%b_c\d", @"a\%b\_c\\d")]
    [InlineData(@"\%", @"\\\%")]
    public void EscapeLikeEscapesTheEscapeCharacterFirst(string value, string expected)
    {
        Assert.Equal(expected, FilterSql.EscapeLike(value));
    }
}
