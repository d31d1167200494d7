using System.Net;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>
/// <c>sort_by</c> and <c>filters</c> of <c>eval_results/query</c>. Run A scores similarity Wh 0.93, Ca 0.88, Co 0.25,
/// La 0.99; run B Wh 0.5, Ca 0.9, Tr 0.7. Exact match: A true except Co; B false for Wh.
/// </summary>
public sealed class EvalResultsSortFilterTests(EvalResultsFixture fixture) : IClassFixture<EvalResultsFixture>
{
    private string A => fixture.RunA.RunId;

    private string B => fixture.RunB;

    [Fact]
    public async Task SortByScore_ScopedToOneRun_PutsRowsWithoutItLast()
    {
        var descending = await fixture.QueryBothAsync(
            $$""" "sort_by": [{"field": "scores.similarity.score", "direction": "desc", "evaluation_call_id": "{{A}}"}]""");
        Assert.Equal(["La", "Wh", "Ca", "Co", "Tr"], fixture.Order(descending));
        var ascending = await fixture.QueryBothAsync(
            $$""" "sort_by": [{"field": "scores.similarity.score", "direction": "asc", "evaluation_call_id": "{{A}}"}]""");
        Assert.Equal(["Co", "Ca", "Wh", "La", "Tr"], fixture.Order(ascending));
    }

    [Fact]
    public async Task SortByScore_AcrossRuns_UsesTheMeanOfAllTrials_BooleansAsOneAndZero()
    {
        var similarity = await fixture.QueryBothAsync(""" "sort_by": [{"field": "scores.similarity.score", "direction": "desc"}]""");
        Assert.Equal(["La", "Ca", "Wh", "Tr", "Co"], fixture.Order(similarity)); // Ca (0.88+0.9)/2 > Wh (0.93+0.5)/2
        var exact = await fixture.QueryBothAsync(
            """ "sort_by": [{"field": "scores.exact_match", "direction": "asc"}, {"field": "inputs.question", "direction": "asc"}]""");
        Assert.Equal(["Co", "Wh", "Ca", "La", "Tr"], fixture.Order(exact)); // 0, 0.5, then the 1.0s by question
    }

    [Fact]
    public async Task SortByInputsOutputsAndDigest()
    {
        var byQuestion = await fixture.QueryBothAsync(""" "sort_by": [{"field": "inputs.question", "direction": "asc"}]""");
        Assert.Equal(["Ca", "Co", "La", "Tr", "Wh"], fixture.Order(byQuestion));
        var byOutput = await fixture.QueryBothAsync(
            $$""" "sort_by": [{"field": "output.output", "direction": "desc", "evaluation_call_id": "{{B}}"}]""");
        Assert.Equal(["Tr", "Ca", "Wh"], fixture.Order(byOutput)[..3]); // "cat" > "Paris" > "5" in ordinal order
        var byDigest = await fixture.QueryBothAsync(""" "sort_by": [{"field": "row_digest", "direction": "desc"}]""");
        Assert.Equal(fixture.Order(await fixture.QueryBothAsync()).AsEnumerable().Reverse(), fixture.Order(byDigest));
    }

    [Fact]
    public async Task SortByDifference_OrdersBySpreadAcrossRuns()
    {
        var answer = await fixture.QueryBothAsync(
            """ "sort_by": [{"field": "scores.similarity.score", "direction": "desc", "mode": "difference"}]""");
        Assert.Equal(["Wh", "Ca"], fixture.Order(answer)[..2]); // |0.93−0.5| then |0.88−0.9|; rows of one run only follow
    }

    [Fact]
    public async Task SortErrors_AreClear()
    {
        var field = await fixture.QueryBothAsync(
            """ "sort_by": [{"field": "summary.tokens", "direction": "asc"}]""", HttpStatusCode.BadRequest);
        Assert.Contains("Supported", (string)field["detail"]!, StringComparison.Ordinal);
        await fixture.QueryBothAsync(
            """ "sort_by": [{"field": "inputs.question", "direction": "asc", "mode": "difference"}]""", HttpStatusCode.BadRequest);
        var direction = await fixture.QueryBothAsync(
            """ "sort_by": [{"field": "inputs.question", "direction": "up"}]""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","sort_by",0,"direction"]""", direction["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task Filter_OnScores_ComparesTheFirstValueInScope()
    {
        const string Gte =
            """{"$expr": {"$gte": [{"$convert": {"input": {"$getField": "scores.similarity.score"}, "to": "double"}},""" +
            """ {"$literal": 0.9}]}}""";
        var unscoped = await fixture.QueryBothAsync($$$""" "filters": [{"query": {{{Gte}}}}], "include_summary": true""");
        Assert.Equal(["La", "Wh"], fixture.Order(unscoped).Order());
        Assert.Equal(2, (int)unscoped["total_rows"]!);
        Assert.Equal(2, (int)unscoped["summary"]!["row_count"]!);
        var scoped = await fixture.QueryBothAsync($$""" "filters": [{"query": {{Gte}}, "evaluation_call_id": "{{B}}"}]""");
        Assert.Equal(["Ca"], fixture.Order(scoped));
        var exact = await fixture.QueryBothAsync(
            """ "filters": [{"query": {"$expr": {"$eq": [{"$getField": "scores.exact_match"}, {"$literal": true}]}}}]""");
        Assert.Equal(["Ca", "La", "Tr", "Wh"], fixture.Order(exact).Order());
    }

    [Fact]
    public async Task Filter_TextListAndLogicalOperators()
    {
        var contains = await fixture.QueryBothAsync(
            """ "filters": [{"query": {"$expr": {"$contains": {"input": {"$getField": "inputs.question"},""" +
            """ "substr": {"$literal": "PLANET"}, "case_insensitive": true}}}}]""");
        Assert.Equal(["La"], fixture.Order(contains));
        const string In = """{"$in": [{"$getField": "output.output"}, [{"$literal": "Paris"}, {"$literal": "Jupiter"}]]}""";
        Assert.Equal(["Ca", "La"], fixture.Order(await fixture.QueryBothAsync(Filter(In))).Order());
        Assert.Equal(["Co", "Tr", "Wh"], fixture.Order(await fixture.QueryBothAsync(Filter("{\"$not\": [" + In + "]}"))).Order());
        const string Low = """{"$lt": [{"$getField": "scores.similarity.score"}, {"$literal": 0.3}]}""";
        var either = await fixture.QueryBothAsync(Filter("{\"$or\": [" + In + ", " + Low + "]}"));
        Assert.Equal(["Ca", "Co", "La"], fixture.Order(either).Order());
        const string High = """{"$gt": [{"$getField": "scores.similarity.score"}, {"$literal": 0.95}]}""";
        var both = await fixture.QueryBothAsync(Filter("{\"$and\": [" + In + ", " + High + "]}"));
        Assert.Equal(["La"], fixture.Order(both));
    }

    [Fact]
    public async Task ScopedFilters_CombineAcrossRunsByTheLogicOperator()
    {
        const string Passed = """{"$expr": {"$eq": [{"$getField": "scores.exact_match"}, {"$literal": true}]}}""";
        var filters =
            $$""" "filters": [{"query": {{Passed}}, "evaluation_call_id": "{{A}}"}, {"query": {{Passed}},""" +
            $$""" "evaluation_call_id": "{{B}}"}]""";
        Assert.Equal(["Ca"], fixture.Order(await fixture.QueryBothAsync(filters + ", \"filter_logic_operator\": \"and\"")));
        Assert.Equal(["Ca", "La", "Tr", "Wh"], fixture.Order(await fixture.QueryBothAsync(filters)).Order()); // "or" is the default
        await fixture.QueryBothAsync(filters + ", \"filter_logic_operator\": \"xor\"", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task FilterErrors_AreClear()
    {
        var unsupported = await fixture.QueryBothAsync(
            """ "filters": [{"query": {"$expr": {"$regex": [{"$getField": "inputs.question"}, {"$literal": "^W"}]}}}]""",
            HttpStatusCode.BadRequest);
        Assert.Contains("$contains", (string)unsupported["detail"]!, StringComparison.Ordinal);
        var malformed = await fixture.QueryBothAsync(
            """ "filters": [{"query": {"$expr": {"$eq": [{"$getField": "inputs.question"}]}}}]""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","filters",0,"query"]""", malformed["detail"]![0]!["loc"]!.ToJsonString());
        await fixture.QueryBothAsync(
            """ "filters": [{"query": {"$expr": {"$eq": [{"$getField": "attributes.x"}, {"$literal": 1}]}}}]""", HttpStatusCode.BadRequest);
        await fixture.QueryBothAsync(""" "filters": [{"query": {"no_expr": {}}}]""", HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>The <c>filters</c> member with one unscoped filter of this expression.</summary>
    private static string Filter(string expression) => "\"filters\": [{\"query\": {\"$expr\": " + expression + "}}]";
}
