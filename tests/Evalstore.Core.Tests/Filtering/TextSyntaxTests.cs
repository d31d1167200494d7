using Evalstore.Core.Filtering;

namespace Evalstore.Core.Tests.Filtering;

public sealed class TextSyntaxTests
{
    [Theory]
    [InlineData("""name:"llama" """, """{"name":{"$eq":"llama"}}""")]
    [InlineData("""name~"llama" """, """{"name":{"$like":"llama"}}""")]
    [InlineData("created_at>2025-01-01", """{"created_at":{"$gt":"2025-01-01"}}""")]
    [InlineData("created_at>=2025-01-01T00:00:00", """{"created_at":{"$gte":"2025-01-01T00:00:00"}}""")]
    [InlineData("created_at<2025-01-01T00:00:00+02:00", """{"created_at":{"$lt":"2025-01-01T00:00:00+02:00"}}""")]
    [InlineData("created_at <= \"2025-01-01\"", """{"created_at":{"$lte":"2025-01-01"}}""")]
    [InlineData("""status IN ["active","pending"]""", """{"status":{"$in":["active","pending"]}}""")]
    [InlineData("""status NOT IN ["active", pending ]""", """{"status":{"$nin":["active","pending"]}}""")]
    [InlineData("status IN []", """{"status":{"$in":[]}}""")]
    [InlineData("status in[a]", """{"status":{"$in":["a"]}}""")]
    [InlineData("status not in [a]", """{"status":{"$nin":["a"]}}""")]
    [InlineData("name:llama", """{"name":{"$eq":"llama"}}""")]
    [InlineData("  name :  llama  ", """{"name":{"$eq":"llama"}}""")]
    [InlineData("labels.team:nlp", """{"labels.team":{"$eq":"nlp"}}""")]
    [InlineData("""'labels.my key':'a b'""", """{"labels.my key":{"$eq":"a b"}}""")]
    [InlineData("""name:"say \"hi\" \\ bye" """, """{"name":{"$eq":"say \"hi\" \\ bye"}}""")]
    [InlineData("""name:"a AND b OR (c)" """, """{"name":{"$eq":"a AND b OR (c)"}}""")]
    [InlineData("model:my-ws/llama-3.1:8b", """{"model":{"$eq":"my-ws/llama-3.1:8b"}}""")]
    [InlineData("amount>500", """{"amount":{"$gt":"500"}}""")]
    public void ComparisonsAreRead(string text, string expected)
    {
        FilterAssert.Canonical(expected, FilterParser.Parse(text));
    }

    [Fact]
    public void DocumentedExampleParses()
    {
        FilterAssert.Canonical("""{"$and":[{"status":{"$eq":"active"}},{"amount":{"$gt":"500"}}]}""",
            FilterParser.Parse("""status:"active" AND amount>500"""));
    }

    [Fact]
    public void AndBindsTighterThanOr()
    {
        FilterAssert.Canonical("""{"$or":[{"a":{"$eq":"1"}},{"$and":[{"b":{"$eq":"2"}},{"c":{"$eq":"3"}}]},{"d":{"$eq":"4"}}]}""",
            FilterParser.Parse("a:1 OR b:2 AND c:3 OR d:4"));
    }

    [Fact]
    public void ParenthesesOverridePrecedence()
    {
        FilterAssert.Canonical("""{"$and":[{"$or":[{"a":{"$eq":"1"}},{"b":{"$eq":"2"}}]},{"c":{"$eq":"3"}}]}""",
            FilterParser.Parse("(a:1 OR b:2) AND c:3"));
    }

    [Fact]
    public void KeywordsAreCaseInsensitive()
    {
        FilterAssert.Canonical("""{"$or":[{"$and":[{"a":{"$eq":"1"}},{"b":{"$eq":"2"}}]},{"c":{"$eq":"3"}}]}""",
            FilterParser.Parse("a:1 and b:2 Or c:3"));
    }

    [Theory]
    [InlineData("""-name:"x" """, """{"$not":{"name":{"$eq":"x"}}}""")]
    [InlineData("- name:x", """{"$not":{"name":{"$eq":"x"}}}""")]
    [InlineData("NOT name:x", """{"$not":{"name":{"$eq":"x"}}}""")]
    [InlineData("--name:x", """{"$not":{"$not":{"name":{"$eq":"x"}}}}""")]
    [InlineData("-(a:1 OR b:2)", """{"$not":{"$or":[{"a":{"$eq":"1"}},{"b":{"$eq":"2"}}]}}""")]
    [InlineData("NOT(a:1)", """{"$not":{"a":{"$eq":"1"}}}""")]
    [InlineData("a:1 AND -b:2", """{"$and":[{"a":{"$eq":"1"}},{"$not":{"b":{"$eq":"2"}}}]}""")]
    [InlineData("-a:1 OR b:2", """{"$or":[{"$not":{"a":{"$eq":"1"}}},{"b":{"$eq":"2"}}]}""")]
    [InlineData("created_at>-5", """{"created_at":{"$gt":"-5"}}""")]
    public void LeadingMinusOrNotNegatesOneTerm(string text, string expected)
    {
        FilterAssert.Canonical(expected, FilterParser.Parse(text));
    }

    [Theory]
    [InlineData("orders:x", """{"orders":{"$eq":"x"}}""")]
    [InlineData("notes:x", """{"notes":{"$eq":"x"}}""")]
    [InlineData("android:x", """{"android":{"$eq":"x"}}""")]
    [InlineData("name:AND", """{"name":{"$eq":"AND"}}""")]
    public void KeywordsOnlyCountAsWholeWords(string text, string expected)
    {
        FilterAssert.Canonical(expected, FilterParser.Parse(text));
    }

    [Fact]
    public void SearchMakesColonLikeAndKeepsOtherOperators()
    {
        var filter = FilterParser.ParseSearch("name:llama AND model~x AND created_at>2025-01-01 AND status IN [a]");
        FilterAssert.Canonical(
            """{"$and":[{"name":{"$like":"llama"}},{"model":{"$like":"x"}},""" +
            """{"created_at":{"$gt":"2025-01-01"}},{"status":{"$in":["a"]}}]}""",
            filter);
    }

    [Fact]
    public void SearchWithSchemaComparesBareDateTimesForEquality()
    {
        var filter = FilterParser.ParseSearch("name:llama AND created_at:2025-01-01", FilterSchema.Results);
        FilterAssert.Canonical("""{"$and":[{"name":{"$like":"llama"}},{"created_at":{"$eq":"2025-01-01"}}]}""", filter);
    }

    [Theory]
    [InlineData("name", 5, "expected an operator after 'name' (: ~ > >= < <= IN or NOT IN), found the end of the text")]
    [InlineData("name=x", 5, "expected an operator after 'name' (: ~ > >= < <= IN or NOT IN); equality is written name:\"x\", found '=x'")]
    [InlineData("name:", 6, "expected a value after ':'")]
    [InlineData("name>=)", 7, "expected a value after '>='")]
    [InlineData("""name:"abc""", 6, "expected a closing \" for the string that starts here, found '\"abc'")]
    [InlineData("(name:x", 8, "expected ')' to close the '(' at character 1")]
    [InlineData("name:x)", 7, "this ')' has no matching '('")]
    [InlineData("name:x status:y", 8, "expected AND, OR or the end of the text, found 'status:y'")]
    [InlineData("AND name:x", 1, "expected a condition such as name:\"llama\", '(' or '-', found 'AND name:x'")]
    [InlineData("name:x AND", 11, "expected a condition such as name:\"llama\", '(' or '-', found the end of the text")]
    [InlineData("name:x OR OR b:1", 11, "found 'OR b:1'")]
    [InlineData("""status IN "a" """, 11, "expected '[' to start the list of IN values")]
    [InlineData("""status IN ["a" "b"]""", 16, "expected ',' or ']' in the list")]
    [InlineData("status IN [a,]", 14, "expected a value in the list")]
    [InlineData("status NOT [a]", 12, "expected IN after NOT")]
    [InlineData("9lives:x", 1, "expected a condition")]
    [InlineData("()", 2, "expected a condition")]
    [InlineData("model~~\"llama", 7, "expected a value after '~' (found a second operator")]   // issue 11: was an empty list
    [InlineData("name::x", 6, "found a second operator")]
    public void SyntaxErrorsNameThePositionAndWhatWasExpected(string text, int position, string fragment)
    {
        var error = FilterAssert.BadRequest(() => FilterParser.Parse(text), $"Invalid filter at character {position}: ", fragment);
        Assert.Equal(position, error.Extensions["position"]);
        Assert.EndsWith($"The filter was: {text}", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchErrorsSaySearch()
    {
        FilterAssert.BadRequest(() => FilterParser.ParseSearch("name"), "Invalid search at character 5");
    }

    [Fact]
    public void EmptyTextIsRejected()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("   "), "Invalid filter: it is empty");
    }

    [Fact]
    public void TopLevelArrayIsCalledWrongJson()
    {
        FilterAssert.BadRequest(() => FilterParser.Parse("""["name"]"""), "a JSON filter must be an object");
    }

    [Fact]
    public void DeepNestingIsRejected()
    {
        var text = new string('(', 40) + "name:x" + new string(')', 40);
        FilterAssert.BadRequest(() => FilterParser.Parse(text), "expected at most 32 levels of parentheses and negation");
        FilterAssert.BadRequest(() => FilterParser.Parse(new string('-', 40) + "name:x"), "at most 32 levels");
    }

    [Fact]
    public void ModerateNestingParses()
    {
        var text = new string('(', 20) + "name:x" + new string(')', 20);
        FilterAssert.Canonical("""{"name":{"$eq":"x"}}""", FilterParser.Parse(text));
    }

    [Fact]
    public void HugeInputIsShortenedInTheMessage()
    {
        var text = "name:x " + new string('y', 500);
        var error = FilterAssert.BadRequest(() => FilterParser.Parse(text), "found 'yyyyyyyyyyyyyyyyyyyy…'");
        Assert.True(error.Detail.Length < 400, error.Detail);
    }
}
