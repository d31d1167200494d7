using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class FilterEvaluatorTests
{
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheHandWrittenExpectation(string filter, string expected)
    {
        var expr = FilterParser.Parse(filter, FilterSchema.Results);
        Assert.Equal(expected, FilterTable.Names(row => FilterEvaluator.Matches(expr, row.Get, FilterSchema.Results)));
    }

    public static TheoryData<string, string> Cases => FilterTable.Cases;

    [Fact]
    public void SearchSemanticsMatchSubstrings()
    {
        var expr = FilterParser.ParseSearch("name:llama", FilterSchema.Results);
        Assert.Equal("llama-3-8b, Llama-70B", FilterTable.Names(row => FilterEvaluator.Matches(expr, row.Get, FilterSchema.Results)));
        var exact = FilterParser.Parse("name:llama", FilterSchema.Results);
        Assert.Equal("", FilterTable.Names(row => FilterEvaluator.Matches(exact, row.Get, FilterSchema.Results)));
    }

    [Fact]
    public void CompiledPredicateIsReusable()
    {
        var matches = FilterEvaluator.Compile(FilterParser.Parse("status:completed"), FilterSchema.Results);
        Assert.Equal(new[] { true, false, false, true }, FilterTable.Rows.Select(r => matches(r.Get)).ToArray());
    }

    [Fact]
    public void InvalidFiltersAreRejected()
    {
        FilterAssert.BadRequest(() => FilterEvaluator.Matches(FilterParser.Parse("color:red"), _ => null, FilterSchema.Results),
            "Unknown filter field 'color'");
        FilterAssert.BadRequest(() => FilterEvaluator.Matches(FilterParser.Parse("created_at:soon"), _ => null, FilterSchema.Results),
            "'soon' is not a valid value for 'created_at'");
    }

    [Fact]
    public void StoredDateTimesMustBeIso()
    {
        var expr = FilterParser.Parse("created_at>2025-01-01");
        var error = Assert.Throws<InvalidOperationException>(() => FilterEvaluator.Matches(expr, _ => "last week", FilterSchema.Results));
        Assert.Contains("'last week'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFieldsFailEveryComparisonButNin()
    {
        foreach (var op in Enum.GetValues<FilterOperator>())
        {
            var matches = FilterEvaluator.Matches(new FieldFilter("model", op, ["x"]), _ => null, FilterSchema.Results);
            Assert.Equal(op == FilterOperator.Nin, matches);
        }
    }
}
