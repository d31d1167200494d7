using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class FilterOperatorsTests
{
    [Fact]
    public void TokensRoundTripForEveryOperator()
    {
        foreach (var op in Enum.GetValues<FilterOperator>())
        {
            Assert.True(FilterOperators.TryParse(op.ToToken(), out var parsed));
            Assert.Equal(op, parsed);
            Assert.Contains(op.ToToken(), FilterOperators.ComparisonList, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("$EQ")]
    [InlineData("eq")]
    [InlineData("$and")]
    [InlineData("$exists")]
    [InlineData("")]
    public void OnlyExactComparisonTokensParse(string token)
    {
        Assert.False(FilterOperators.TryParse(token, out _));
    }

    [Fact]
    public void OnlyInAndNinTakeLists()
    {
        Assert.Equal(
            new[] { FilterOperator.In, FilterOperator.Nin },
            Enum.GetValues<FilterOperator>().Where(op => op.TakesList()));
    }
}
