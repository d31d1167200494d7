using System.Text;
using System.Text.Json.Nodes;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Core.Tests.Ingest;

public sealed class RowParserTests
{
    private static IngestRow Parse(string line, IReadOnlyList<MetricDeclaration>? declarations = null) =>
        new RowParser(declarations).Parse(Encoding.UTF8.GetBytes(line), 7);

    [Fact]
    public void Parse_ReadsTheContractExample()
    {
        var row = Parse("""
            {"row_index": 0, "item": {"input": "What is 2+2?", "reference": "4"}, "sample": {"output_text": "The answer is 4"},
             "metrics": {"exact-match": [{"name": "exact-match", "value": 0.0}],
                         "string-check": [{"name": "string-check", "value": 1.0, "reasoning": "contains '4'"}]},
             "requests": [], "trial": 0, "usage": {"input_tokens": 12, "output_tokens": 5}, "latency_ms": 412,
             "chunks": [{"source_name": "faq.md", "text": "…", "chunk_used": true, "chunk_usage_pct": 40.0}],
             "metric_errors": {"llm-judge": "timeout after 30 s"}}
            """.ReplaceLineEndings(" "));
        Assert.Equal(0, row.RowIndex);
        Assert.Equal(0, row.Trial);
        Assert.Equal(1, row.ErrorCount);
        Assert.Equal(43, row.Digest.Length);
        // latency_ms also becomes a score, so that it gets aggregates and intervals like any metric.
        Assert.Equal([new RowScoreEntry("exact-match", "exact-match", ScoreValue.Of(0.0)),
            new RowScoreEntry("string-check", "string-check", ScoreValue.Of(1.0)),
            new RowScoreEntry("latency_ms", "latency_ms", ScoreValue.Of(412))], row.Scores);
        var body = JsonNode.Parse(row.Body.Span)!.AsObject();
        Assert.Equal(["sample", "metrics", "requests", "usage", "latency_ms", "chunks", "metric_errors"], body.Select(p => p.Key));
    }

    [Fact]
    public void Parse_ScoreValueKinds()
    {
        var row = Parse(
            """{"item": "plain string item", "sample": {}, "metrics": {"m": [{"name": "n", "value": 2}, {"name": "b", "value": false},""" +
            """ {"name": "l", "value": "good"}, {"name": "x", "value": null}, {"name": "y", "value": "NaN"}, {"name": "z",""" +
            """ "value": NaN}]}}""");
        Assert.Null(row.RowIndex);
        Assert.Equal(ScoreValue.Of(2), row.Scores[0].Value);
        Assert.Equal(ScoreValue.Of(false), row.Scores[1].Value);
        Assert.Equal(ScoreValueKind.Label, row.Scores[2].Value.Kind);
        Assert.All(row.Scores.Skip(3), s => Assert.Equal(ScoreValueKind.Nan, s.Value.Kind));
        Assert.Equal(Core.Digest.RowDigest.OfText("plain string item"), row.Digest);
        Assert.Contains("\"NaN\"", Encoding.UTF8.GetString(row.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MapsDeclaredRubricLabelsAndNumbersToLevels()
    {
        var declarations =
            new[] { new MetricDeclaration { Metric = "judge", Type = ScoreType.Rubric, Rubric = [new("poor", 1), new("good", 3)] } };
        var row = Parse("""{"item": {}, "sample": {}, "metrics": {"judge": [{"name": "a", "value": "good"}, {"name": "b", "value": 1}]}}""",
            declarations);
        Assert.Equal(ScoreValue.OfLabel("good", 3), row.Scores[0].Value);
        Assert.Equal(ScoreValue.OfLabel("poor", 1), row.Scores[1].Value);
    }

    [Theory]
    [InlineData("binary", """{"name": "b", "value": 0.5}""")]
    [InlineData("range", """{"name": "b", "value": "high"}""")]
    [InlineData("text", """{"name": "b", "value": 3}""")]
    public void Parse_RejectsValuesThatContradictTheDeclaration(string type, string score)
    {
        var declarations = new[] { new MetricDeclaration { Metric = "m", Type = Enum.Parse<ScoreType>(type, ignoreCase: true) } };
        var error = Assert.Throws<EvalstoreException>(
            () => Parse("""{"item": {}, "sample": {}, "metrics": {"m": [""" + score + "]}}", declarations));
        Assert.Equal(400, error.Status);
        Assert.StartsWith("line 7:", error.Detail, StringComparison.Ordinal);
        Assert.Contains($"declared {type}", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IgnoresAGivenRowDigestAndRecomputesIt()
    {
        var row = Parse("""{"row_digest": "forged", "item": {"a": 1}, "sample": {}, "metrics": {}}""");
        Assert.NotEqual("forged", row.Digest);
        Assert.DoesNotContain("forged", Encoding.UTF8.GetString(row.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteLiterals_OnlyRewritesTokensOutsideStrings()
    {
        var rewritten = NonFiniteLiterals.Rewrite("""{"text": "NaN and \"NaN\"", "v": NaN, "w": [NaN]}"""u8);
        Assert.Equal("""{"text": "NaN and \"NaN\"", "v": "NaN", "w": ["NaN"]}""", Encoding.UTF8.GetString(rewritten!));
        Assert.Null(NonFiniteLiterals.Rewrite("""{"text": "Infinity and NaN"}"""u8));
        Assert.Throws<EvalstoreException>(() => NonFiniteLiterals.Rewrite("""{"v": -Infinity}"""u8));
    }

    [Fact]
    public async Task JsonlReader_SkipsBlankLinesAndNumbersLinesAsAnEditorDoes()
    {
        var text = "\uFEFF" + """{"item": 1, "sample": {}, "metrics": {}}""" + "\r\n\r\n" + """{"item": 2, "sample": {}, "metrics": {}}""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var lines = new List<long>();
        await foreach (var (_, number) in JsonlReader.ReadLinesAsync(stream))
        {
            lines.Add(number);
        }
        Assert.Equal([1L, 3], lines);
    }
}
