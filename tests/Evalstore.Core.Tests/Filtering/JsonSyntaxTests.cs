using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class JsonSyntaxTests
{
    [Fact]
    public void ScalarValueMeansEq()
    {
        FilterAssert.Canonical("""{"name":{"$eq":"llama"}}""", FilterParser.Parse("""{"name":"llama"}"""));
    }

    [Fact]
    public void SeveralKeysAreAnded()
    {
        var filter = FilterParser.Parse("""  {"name":"llama","created_at":{"$lte":"2024-01-01"}}""");
        FilterAssert.Canonical("""{"$and":[{"name":{"$eq":"llama"}},{"created_at":{"$lte":"2024-01-01"}}]}""", filter);
    }

    [Fact]
    public void SeveralOperatorsOnOneFieldAreAnded()
    {
        var filter = FilterParser.Parse("""{"created_at":{"$gt":"2025-01-01","$lt":"2025-02-01"}}""");
        var and = Assert.IsType<AndFilter>(filter);
        Assert.Equal(2, and.Terms.Count);
        Assert.Equal(new[] { FilterOperator.Gt, FilterOperator.Lt }, and.Terms.Cast<FieldFilter>().Select(f => f.Operator));
        Assert.All(and.Terms.Cast<FieldFilter>(), f => Assert.Equal("created_at", f.Field));
    }

    [Theory]
    [InlineData("$eq", FilterOperator.Eq)]
    [InlineData("$like", FilterOperator.Like)]
    [InlineData("$lt", FilterOperator.Lt)]
    [InlineData("$lte", FilterOperator.Lte)]
    [InlineData("$gt", FilterOperator.Gt)]
    [InlineData("$gte", FilterOperator.Gte)]
    public void ScalarOperatorsAreRead(string token, FilterOperator expected)
    {
        var filter = Assert.IsType<FieldFilter>(FilterParser.Parse("{\"name\":{\"" + token + "\":\"x\"}}"));
        Assert.Equal(new FieldFilter("name", expected, ["x"]).ToString(), filter.ToString());
        Assert.Equal(expected, filter.Operator);
    }

    [Fact]
    public void InAndNinTakeArrays()
    {
        var filter = FilterParser.Parse("""{"status":{"$in":["completed","failed"]},"model":{"$nin":[]}}""");
        FilterAssert.Canonical("""{"$and":[{"status":{"$in":["completed","failed"]}},{"model":{"$nin":[]}}]}""", filter);
    }

    [Fact]
    public void LogicalOperatorsNest()
    {
        var filter = FilterParser.Parse("""{"$or":[{"name":"a"},{"$and":[{"model":"m"},{"$not":{"status":"failed"}}]}]}""");
        FilterAssert.Canonical(
            """{"$or":[{"name":{"$eq":"a"}},{"$and":[{"model":{"$eq":"m"}},{"$not":{"status":{"$eq":"failed"}}}]}]}""", filter);
        var or = Assert.IsType<OrFilter>(filter);
        Assert.IsType<NotFilter>(Assert.IsType<AndFilter>(or.Terms[1]).Terms[1]);
    }

    [Fact]
    public void NumbersAndBooleansBecomeInvariantText()
    {
        var filter = FilterParser.Parse("""{"name":1.50,"status":true,"kind":false,"id":{"$in":[7,-2e3]}}""");
        FilterAssert.Canonical(
            """{"$and":[{"name":{"$eq":"1.50"}},{"status":{"$eq":"true"}},{"kind":{"$eq":"false"}},{"id":{"$in":["7","-2e3"]}}]}""",
            filter);
    }

    [Fact]
    public void FieldLevelNotNegatesTheOperatorObject()
    {
        FilterAssert.Canonical("""{"$not":{"name":{"$like":"test"}}}""", FilterParser.Parse("""{"name":{"$not":{"$like":"test"}}}"""));
    }

    [Fact]
    public void NestedObjectNamesASubField()
    {
        FilterAssert.Canonical("""{"labels.team":{"$eq":"nlp"}}""", FilterParser.Parse("""{"labels":{"team":"nlp"}}"""));
    }

    [Fact]
    public void EmptyObjectMatchesEverything()
    {
        var and = Assert.IsType<AndFilter>(FilterParser.Parse(" {} "));
        Assert.Empty(and.Terms);
    }

    [Fact]
    public void SearchMakesScalarValuesLikeButKeepsExplicitOperators()
    {
        var filter = FilterParser.ParseSearch("""{"name":"llama","model":{"$eq":"m"}}""");
        FilterAssert.Canonical("""{"$and":[{"name":{"$like":"llama"}},{"model":{"$eq":"m"}}]}""", filter);
    }

    [Fact]
    public void CanonicalJsonRoundTrips()
    {
        const string text = """{"$or":[{"name":{"$like":"ll\"a"}},{"$not":{"labels.team":{"$nin":["a","b"]}}}]}""";
        var once = FilterParser.Parse(text);
        Assert.Equal(text, once.ToString());
        Assert.Equal(text, FilterParser.Parse(once.ToString()).ToString());
    }

    [Fact]
    public void InvalidJsonNamesThePosition()
    {
        FilterAssert.BadRequest(
            () => FilterParser.Parse("""{"name": llama}"""), "Invalid filter: the value is not valid JSON", "BytePositionInLine: 9");
    }

    [Fact]
    public void ArrayValueSuggestsIn()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("""{"status":["a","b"]}"""),
            "'status' is given a list", """{"status": {"$in": [...]}}""");
    }

    [Fact]
    public void NullValueIsRejected()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("""{"model":null}"""), "'model' is given null");
    }

    [Fact]
    public void UnknownOperatorListsTheSupportedOnes()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("""{"name":{"$regex":"l.*"}}"""),
            "unknown operator '$regex' for field 'name'", "$eq, $like, $lt, $lte, $gt, $gte, $in, $nin");
    }

    [Fact]
    public void UnknownLogicalOperatorIsRejected()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("""{"$nor":[{"name":"a"}]}"""), "unknown operator '$nor'", "$and, $or, $not");
    }

    [Fact]
    public void ComparisonOperatorWithoutFieldExplainsWhereItGoes()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("""{"$eq":"a"}"""), "'$eq' compares a field", """{"name": {"$eq": …}}""");
    }

    [Theory]
    [InlineData("""{"$or":{"name":"a"}}""", "$or takes a non-empty array of filter objects, not an object")]
    [InlineData("""{"$and":[]}""", "$and takes a non-empty array")]
    [InlineData("""{"$and":["name"]}""", "each item of $and must be a filter object, not the string \"name\"")]
    [InlineData("""{"$not":[{"name":"a"}]}""", "$not takes a filter object, not an array")]
    [InlineData("""{"name":{}}""", "the operator object for 'name' is empty")]
    [InlineData("""{"status":{"$in":"a,b"}}""", "$in on 'status' takes an array")]
    [InlineData("""{"name":{"$eq":["a"]}}""", "a value for 'name' must be a string, number or boolean, not an array")]
    [InlineData("""{"$or":[{}]}""", "an empty object {} inside a filter has no condition")]
    [InlineData("""["name"]""", "a JSON filter must be an object")]
    [InlineData("""{"":"x"}""", "a field name is empty")]
    public void MalformedStructuresAreRejectedWithAReason(string json, string reason)
    {
        FilterAssert.BadRequest(() => FilterParser.Parse(json), reason);
    }

    [Fact]
    public void DeepNestingIsRejected()
    {
        var json = string.Concat(Enumerable.Repeat("""{"$not":""", 40)) + """{"name":"a"}""" + new string('}', 40);
        FilterAssert.BadRequest(() => FilterParser.Parse(json), "nests deeper than 32 levels");
    }

    [Fact]
    public void AllowedNestingParses()
    {
        var json = string.Concat(Enumerable.Repeat("""{"$not":""", 20)) + """{"name":"a"}""" + new string('}', 20);
        var expr = FilterParser.Parse(json);
        for (var i = 0; i < 20; i++)
        {
            expr = Assert.IsType<NotFilter>(expr).Term;
        }
        Assert.Equal("name", Assert.IsType<FieldFilter>(expr).Field);
    }
}
