using System.Net;
using System.Text.Json.Nodes;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary><c>eval_results/query</c>: run ids, intersection, paging, every include flag and the summary.</summary>
public sealed class EvalResultsQueryTests(EvalResultsFixture fixture) : IClassFixture<EvalResultsFixture>
{
    [Fact]
    public async Task Rows_AreGroupedByDigestInDigestOrder_WithEachRunsTrials()
    {
        var answer = await fixture.QueryBothAsync("\"include_raw_data_rows\": true");
        var rows = answer["rows"]!.AsArray();
        Assert.Equal(5, (int)answer["total_rows"]!);
        Assert.Equal(
            rows.Select(r => (string)r!["row_digest"]!).Order(StringComparer.Ordinal), rows.Select(r => (string)r!["row_digest"]!));
        var shared = rows.Single(r => (string)r!["raw_data_row"]!["question"]! == "What is 2+2?")!;
        var evaluations = shared["evaluations"]!.AsArray();
        Assert.Equal([fixture.RunA.RunId, fixture.RunB], evaluations.Select(e => (string)e!["evaluation_call_id"]!));
        var fromB = evaluations[1]!["trials"]![0]!;
        Assert.Equal("5", (string)fromB["model_output"]!);
        Assert.Equal("""{"exact_match":false,"similarity":{"score":0.5},"verdict":"bad"}""", fromB["scores"]!.ToJsonString());
        Assert.Equal(3, fromB["scorer_call_ids"]!.AsObject().Count);
        Assert.Equal("[]", answer["warnings"]!.ToJsonString());
        Assert.Null(answer["summary"]);
    }

    [Fact]
    public async Task RequireIntersection_KeepsRowsOfEveryRun_AndTheSummaryFollowsUnlessTold()
    {
        var both = await fixture.QueryBothAsync("\"require_intersection\": true, \"include_summary\": true");
        Assert.Equal(["Ca", "Wh"], fixture.Order(both).Order());
        Assert.Equal(2, (int)both["total_rows"]!);
        Assert.Equal(2, (int)both["summary"]!["row_count"]!);
        Assert.Equal([2, 2], both["summary"]!["evaluations"]!.AsArray().Select(e => (int)e!["trial_count"]!));

        var union = await fixture.QueryBothAsync(
            "\"require_intersection\": true, \"include_summary\": true, \"summary_require_intersection\": false");
        Assert.Equal(2, (int)union["total_rows"]!);
        Assert.Equal(5, (int)union["summary"]!["row_count"]!);
        Assert.Equal([4, 3], union["summary"]!["evaluations"]!.AsArray().Select(e => (int)e!["trial_count"]!));

        var onlyA = await fixture.Api.QueryAsync($$"""{"evaluation_call_ids": ["{{fixture.RunA.RunId}}"], "require_intersection": true}""");
        Assert.Equal(4, (int)onlyA["total_rows"]!); // one run: nothing to intersect
    }

    [Fact]
    public async Task BothIdLists_AreConcatenatedAndDeduplicated()
    {
        var answer = await fixture.Api.QueryAsync(
            $$"""{"evaluation_call_ids": ["{{fixture.RunA.RunId}}"], "evaluation_run_ids": ["{{fixture.RunA.RunId}}",""" +
                $$""" "{{fixture.RunB}}"], "include_summary": true}""");
        Assert.Equal([fixture.RunA.RunId, fixture.RunB],
            answer["summary"]!["evaluations"]!.AsArray().Select(e => (string)e!["evaluation_call_id"]!));
        var none = await fixture.Api.QueryAsync("{}");
        Assert.Equal((0, 0), (none["rows"]!.AsArray().Count, (int)none["total_rows"]!));
    }

    [Fact]
    public async Task LimitAndOffset_PageAfterGrouping_TotalAndSummaryCoverEveryRow()
    {
        var all = fixture.Order(await fixture.QueryBothAsync());
        var page = await fixture.QueryBothAsync("\"limit\": 2, \"offset\": 1, \"include_summary\": true");
        Assert.Equal(all.Skip(1).Take(2), fixture.Order(page));
        Assert.Equal(5, (int)page["total_rows"]!);
        Assert.Equal(5, (int)page["summary"]!["row_count"]!);
        Assert.Empty(fixture.Order(await fixture.QueryBothAsync("\"offset\": 9")));
        var bad = await fixture.QueryBothAsync("\"limit\": -1", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","limit"]""", bad["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task IncludeFlags_ShapeTheAnswer()
    {
        var summaryOnly = await fixture.QueryBothAsync("\"include_rows\": false, \"include_summary\": true");
        Assert.Equal((0, 0), (summaryOnly["rows"]!.AsArray().Count, (int)summaryOnly["total_rows"]!));
        Assert.Equal(5, (int)summaryOnly["summary"]!["row_count"]!);

        var bare = await fixture.QueryBothAsync("\"include_predict_and_score_children\": false, \"limit\": 1");
        var trial = bare["rows"]![0]!["evaluations"]![0]!["trials"]![0]!;
        Assert.Null(bare["rows"]![0]!["raw_data_row"]);
        Assert.Null(trial["predict_call_id"]);
        Assert.EndsWith("-ps", (string)trial["predict_and_score_call_id"]!, StringComparison.Ordinal);
        Assert.Equal("{}", trial["scorer_call_ids"]!.ToJsonString());

        var resolved = await fixture.QueryBothAsync(
            "\"include_raw_data_rows\": true, \"resolve_row_refs\": true, \"include_costs\": true, \"limit\": 1");
        Assert.Equal("object", JsonValueKind(resolved["rows"]![0]!["raw_data_row"]));
        Assert.Null(resolved["rows"]![0]!["evaluations"]![0]!["trials"]![0]!["total_cost"]);
        Assert.Equal("[]", resolved["warnings"]!.ToJsonString());
    }

    [Fact]
    public async Task Summary_ComputesScorerStatsAsWeaveDoes()
    {
        var answer = await fixture.QueryBothAsync("\"include_rows\": false, \"include_summary\": true");
        var evaluations = answer["summary"]!["evaluations"]!.AsArray();
        var a = evaluations[0]!;
        Assert.Equal((fixture.RunA.RunId, WeaveApi.EvaluationRef, WeaveApi.ModelRef, fixture.RunA.RunId),
            ((string)a["evaluation_call_id"]!, (string)a["evaluation_ref"]!, (string)a["model_ref"]!, (string)a["trace_id"]!));
        Assert.NotNull((string?)a["display_name"]);
        Assert.EndsWith("+00:00", (string)a["started_at"]!, StringComparison.Ordinal);
        var stats = evaluations[1]!["scorer_stats"]!.AsArray().ToDictionary(s => (string)s!["scorer_key"]!);
        Assert.Equal(["exact_match", "similarity", "verdict"], stats.Keys);
        var exact = stats["exact_match"]!;
        Assert.Equal(("binary", 3, 2, 3),
            ((string)exact["value_type"]!, (int)exact["trial_count"]!, (int)exact["pass_true_count"]!, (int)exact["pass_known_count"]!));
        Assert.Equal((2.0 / 3, 1.0), ((double)exact["pass_rate"]!, (double)exact["pass_signal_coverage"]!));
        Assert.Null(exact["path"]);
        var similarity = stats["similarity"]!;
        Assert.Equal(("continuous", "score", 3),
            ((string)similarity["value_type"]!, (string)similarity["path"]!, (int)similarity["numeric_count"]!));
        Assert.Equal((0.5 + 0.9 + 0.7) / 3, (double)similarity["numeric_mean"]!, 12);
        Assert.Null(similarity["pass_rate"]);
        Assert.Equal("0.0", similarity["pass_signal_coverage"]!.ToJsonString());
        Assert.Equal(("text", 3, 0),
            ((string)stats["verdict"]!["value_type"]!, (int)stats["verdict"]!["trial_count"]!, (int)stats["verdict"]!["numeric_count"]!));
    }

    [Fact]
    public async Task UnknownRunOrMalformedBody_IsRefused()
    {
        var missing = Guid.NewGuid();
        var error = await fixture.Api.QueryAsync($$"""{"evaluation_run_ids": ["{{missing}}"]}""", HttpStatusCode.NotFound);
        Assert.Equal($"Evaluation run {missing} not found", (string)error["detail"]!);
        var wrong = await fixture.Api.QueryAsync("""{"include_rows": "yes"}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","include_rows"]""", wrong["detail"]![0]!["loc"]!.ToJsonString());
        var ids = await fixture.Api.QueryAsync("""{"evaluation_run_ids": [1]}""", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("""["body","evaluation_run_ids",0]""", ids["detail"]![0]!["loc"]!.ToJsonString());
    }

    private static string JsonValueKind(JsonNode? node) => node?.GetValueKind().ToString().ToLowerInvariant() ?? "null";
}
