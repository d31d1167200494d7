using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class QueryParameterTests
{
    private static QueryFilter Read(params (string Key, string? Value)[] pairs) =>
        FilterParser.FromQuery(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
        ?? throw new InvalidOperationException("No filter was found.");

    [Fact]
    public void PlainFilterTakesJsonOrText()
    {
        FilterAssert.Canonical("""{"name":{"$eq":"llama"}}""", Read(("filter", """{"name":"llama"}""")).Filter!);
        FilterAssert.Canonical("""{"name":{"$eq":"llama"}}""", Read(("filter", """name:"llama" """)).Filter!);
    }

    [Theory]
    [InlineData("filter[name]", "x", """{"name":{"$eq":"x"}}""")]
    [InlineData("filter[name]", "", """{"name":{"$eq":""}}""")]
    [InlineData("filter[name][$like]", "llama", """{"name":{"$like":"llama"}}""")]
    [InlineData("filter[created_at][$gte]", "2025-01-01", """{"created_at":{"$gte":"2025-01-01"}}""")]
    [InlineData("filter[name][$in]", "llama,llama2", """{"name":{"$in":["llama","llama2"]}}""")]
    [InlineData("filter[name][$nin]", " a , b,,c ", """{"name":{"$nin":["a","b","c"]}}""")]
    [InlineData("filter[name][$in]", "", """{"name":{"$in":[]}}""")]
    [InlineData("filter[name][$eq]", "a,b", """{"name":{"$eq":"a,b"}}""")]
    [InlineData("filter[labels.team]", "nlp", """{"labels.team":{"$eq":"nlp"}}""")]
    [InlineData("filter[labels][team][$like]", "nl", """{"labels.team":{"$like":"nl"}}""")]
    public void BracketFormsAreRead(string key, string value, string expected)
    {
        var result = Read((key, value));
        FilterAssert.Canonical(expected, result.Filter!);
        Assert.False(result.FromSearch);
        Assert.Equal(new[] { key }, result.ConsumedKeys);
    }

    [Fact]
    public void LogicalBracketKeysTakeJson()
    {
        FilterAssert.Canonical("""{"$or":[{"name":{"$eq":"a"}},{"name":{"$eq":"b"}}]}""",
            Read(("filter[$or]", """[{"name":"a"},{"name":"b"}]""")).Filter!);
        FilterAssert.Canonical("""{"$and":[{"name":{"$eq":"a"}},{"model":{"$eq":"b"}}]}""",
            Read(("filter[$and]", """[{"name":"a"},{"model":"b"}]""")).Filter!);
        FilterAssert.Canonical("""{"$not":{"status":{"$eq":"failed"}}}""", Read(("filter[$not]", """{"status":"failed"}""")).Filter!);
    }

    [Fact]
    public void AllFilterParametersAreAndedInOrder()
    {
        var result = Read(
            ("page", "2"),
            ("filter[name][$like]", "llama"),
            ("filter", "status:completed"),
            ("filter[model][$in]", "a,b"),
            ("filter[$or]", """[{"dataset":"d1"},{"dataset":"d2"}]"""),
            ("filter[name][$like]", "3b"));
        FilterAssert.Canonical(
            """{"$and":[{"name":{"$like":"llama"}},{"status":{"$eq":"completed"}},{"model":{"$in":["a","b"]}},"""
            + """{"$or":[{"dataset":{"$eq":"d1"}},{"dataset":{"$eq":"d2"}}]},{"name":{"$like":"3b"}}]}""",
            result.Filter!);
        Assert.Equal(new HashSet<string> { "filter[name][$like]", "filter", "filter[model][$in]", "filter[$or]" }, result.ConsumedKeys);
    }

    [Fact]
    public void SearchFormsUseLikeForBareValues()
    {
        var result = Read(
            ("search", """{"name":"llama"}"""),
            ("search[model]", "nemo"),
            ("search[created_at][$gt]", "2025-01-01T00:00:00"),
            ("search[$or]", """[{"dataset":"d"},{"metric":{"$eq":"m"}}]"""));
        Assert.True(result.FromSearch);
        FilterAssert.Canonical(
            """{"$and":[{"name":{"$like":"llama"}},{"model":{"$like":"nemo"}},{"created_at":{"$gt":"2025-01-01T00:00:00"}},"""
            + """{"$or":[{"dataset":{"$like":"d"}},{"metric":{"$eq":"m"}}]}]}""",
            result.Filter!);
    }

    [Fact]
    public void SearchWithSchemaTreatsBareDateTimesAsEquality()
    {
        var result = FilterParser.FromQuery([new("search[created_at]", "2025-01-01"), new("search[name]", "x")], FilterSchema.Results)!;
        FilterAssert.Canonical("""{"$and":[{"created_at":{"$eq":"2025-01-01"}},{"name":{"$like":"x"}}]}""", result.Filter!);
    }

    [Fact]
    public void FilterWinsOverSearchAndSearchKeysStillCountAsConsumed()
    {
        var result = Read(("search[name]", "llama"), ("filter[model]", "m"), ("search", "name:x"));
        FilterAssert.Canonical("""{"model":{"$eq":"m"}}""", result.Filter!);
        Assert.False(result.FromSearch);
        Assert.Equal(new HashSet<string> { "search[name]", "filter[model]", "search" }, result.ConsumedKeys);
    }

    [Fact]
    public void BlankFilterLetsSearchApply()
    {
        var result = Read(("filter", " "), ("search[name]", "llama"));
        FilterAssert.Canonical("""{"name":{"$like":"llama"}}""", result.Filter!);
        Assert.True(result.FromSearch);
        Assert.Contains("filter", result.ConsumedKeys);
    }

    [Fact]
    public void BlankOnlyGivesNoFilterButConsumesTheKeys()
    {
        var result = Read(("filter", ""), ("search", null));
        Assert.Null(result.Filter);
        Assert.False(result.FromSearch);
        Assert.Equal(2, result.ConsumedKeys.Count);
    }

    [Fact]
    public void NoFilterKeysGiveNull()
    {
        Assert.Null(FilterParser.FromQuery([new("page", "1"), new("sort", "-created_at"), new("filters", "x"), new("Filter", "name:x")]));
        Assert.Null(FilterParser.FromQuery([]));
    }

    [Theory]
    [InlineData("filter", true)]
    [InlineData("filter[name]", true)]
    [InlineData("filter[name][$in]", true)]
    [InlineData("filter[", true)]
    [InlineData("search", true)]
    [InlineData("search[$or]", true)]
    [InlineData("filters", false)]
    [InlineData("Filter", false)]
    [InlineData("searching", false)]
    [InlineData("page", false)]
    [InlineData("aggregate_fields", false)]
    public void IsFilterKeyMatchesExactlyTheConsumedKeys(string key, bool expected)
    {
        Assert.Equal(expected, FilterParser.IsFilterKey(key));
    }

    [Theory]
    [InlineData("filter[name", "x", "Invalid filter parameter name at character 12: expected ']' to close the '[' at character 7")]
    [InlineData("filter[]", "x", "Invalid filter parameter name at character 7: expected a field name or operator between the brackets")]
    [InlineData("filter[name]x", "x", "at character 13: expected '[' to start the next segment")]
    [InlineData("filter[name][$regex]", "x", "Invalid filter parameter 'filter[name][$regex]': unknown operator '$regex' for field 'name'")]
    [InlineData("filter[name][$like][$eq]", "x", "only one operator may follow the field")]
    [InlineData("filter[$eq]", "x", "'$eq' compares a field, so it follows one: filter[name][$eq]=…")]
    [InlineData("filter[$nor]", "[]", "unknown operator '$nor'")]
    [InlineData("filter[$or][name]", "[]", "$or takes its JSON value directly")]
    [InlineData("filter[$or]", "name:a", "Invalid filter parameter 'filter[$or]': the value is not valid JSON")]
    [InlineData("filter[$or]", """{"name":"a"}""", "$or takes a non-empty array of filter objects, not an object")]
    [InlineData("filter", "name:", "Invalid filter at character 6: expected a value after ':'")]
    [InlineData("search[name][$bad]", "x", "Invalid search parameter 'search[name][$bad]'")]
    public void MalformedParametersAreRejected(string key, string value, string fragment)
    {
        FilterAssert.BadRequest(() => Read((key, value)), fragment);
    }

    [Fact]
    public void SearchIsNotParsedWhenFilterWins()
    {
        // A broken search is ignored, not reported, when filter is given: NeMo only reads search as a fallback.
        var result = Read(("filter[name]", "a"), ("search", "name:"));
        FilterAssert.Canonical("""{"name":{"$eq":"a"}}""", result.Filter!);
    }

    [Fact]
    public void SchemaOverloadRejectsUnknownFields()
    {
        FilterAssert.BadRequest(() => FilterParser.FromQuery([new("filter[color]", "red")], FilterSchema.Results),
            "Unknown filter field 'color'. Allowed fields: name, project, kind, status, model, dataset, metric, benchmark, evaluation, "
            + "created_at, updated_at, id, labels.<key>.");
    }

    [Fact]
    public void SchemaOverloadAcceptsKnownFields()
    {
        var result = FilterParser.FromQuery(
            [new("filter[labels][team]", "nlp"), new("filter[created_at][$lt]", "2025-01-01")], FilterSchema.Results);
        FilterAssert.Canonical("""{"$and":[{"labels.team":{"$eq":"nlp"}},{"created_at":{"$lt":"2025-01-01"}}]}""", result!.Filter!);
    }
}
