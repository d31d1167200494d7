using System.Text.Json;
using Evalstore.Scoring;
using Evalstore.Scoring.Metrics;

namespace Evalstore.Scoring.Tests;

public sealed class MetricTests
{
    private static object? Score(string type, string output, string reference, MetricSpec? spec = null) =>
        Outcome(MetricFactory.Create(spec ?? new MetricSpec { Type = type }, new HttpClient()), output, reference).Value;

    // The built-in text metrics complete synchronously; only the judge awaits I/O.
    private static MetricOutcome Outcome(Metric metric, string output, string reference)
    {
        using var row =
            JsonDocument.Parse(JsonSerializer.Serialize(new { item = new { reference }, sample = new { output_text = output } }));
        var pending = metric.ScoreAsync(row.RootElement, CancellationToken.None);
        Assert.True(pending.IsCompleted);
        return pending.GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData("The answer is 4", "4", 0.0, 1.0)]
    [InlineData("Paris is the capital", "Paris", 0.0, 1.0)]
    [InlineData("Blue", "blue", 1.0, 0.0)]
    [InlineData("Jupiter", "Jupiter", 1.0, 1.0)]
    [InlineData("H2O", "H2O", 1.0, 1.0)]
    public void ExactMatchAndStringCheck_BehaveAsTheNeMoWorkedExample(string output, string reference, double exact, double check)
    {
        Assert.Equal(exact, Score("exact-match", output, reference));
        Assert.Equal(check, Score("string-check", output, reference));
    }

    [Theory]
    [InlineData("the cat sat on the mat", "a cat sat on a mat", 1.0)]
    [InlineData("cat", "dog", 0.0)]
    [InlineData("Paris, France", "paris", 0.666667)]
    public void F1_IsSquadTokenOverlap(string output, string reference, double expected) =>
        Assert.Equal(expected, (double)Score("f1", output, reference)!, 1e-6);

    [Fact]
    public void RougeL_IsTheLcsFMeasure()
    {
        // LCS("police killed the gunman", "police kill the gunman") = police the gunman = 3 → P = R = 3/4.
        Assert.Equal(0.75, (double)Score("rouge-l", "police killed the gunman", "police kill the gunman")!, 1e-9);
        Assert.Equal(1.0, (double)Score("rouge-l", "Same words.", "same words")!, 1e-9);
    }

    [Fact]
    public void Bleu_ScoresSentencesAndTheCorpus()
    {
        Assert.Equal(100.0, (double)Score("bleu", "the quick brown fox jumps", "the quick brown fox jumps")!, 1e-9);
        var partial = (double)Score("bleu", "the quick brown dog jumps", "the quick brown fox jumps")!;
        Assert.InRange(partial, 1, 99);
        var bleu = (Bleu)MetricFactory.Create(new MetricSpec { Type = "bleu" }, new HttpClient());
        foreach (var (output, reference) in new[] { ("a b c d e", "a b c d e"), ("a b c d", "a b c d x y") })
        {
            Outcome(bleu, output, reference);
        }
        // Corpus: 1-gram 9/9, 2-gram 7/7, 3-gram 5/5, 4-gram 3/3; lengths 9 vs 11: BP = exp(1 - 11/9).
        var corpus = Assert.Single(bleu.CorpusScores());
        Assert.Equal("corpus", corpus.Name);
        Assert.Equal(100 * Math.Exp(1 - 11.0 / 9), corpus.Value, 1e-9);
    }

    [Fact]
    public void RegexNumberAndJsonChecks()
    {
        Assert.Equal(1.0, Score("regex-match", "Answer: B", "", new MetricSpec { Type = "regex-match", Pattern = "^Answer: [A-D]$" }));
        Assert.Equal(0.0, Score("regex-match", "I think B", "^Answer: [A-D]$"));
        Assert.Equal(true, Score("number-check", "The total is 1,234.5 dollars", "1234.5"));
        Assert.Equal(false, Score("number-check", "about 12", "13"));
        Assert.Equal(
            true, Score("number-check", "about 12", "13", new MetricSpec { Type = "number-check", Tolerance = 0.1, Relative = true }));
        Assert.Equal(true, Score("json-valid", """{"a": [1, 2]}""", ""));
        Assert.Equal(false, Score("json-valid", "{a: 1}", ""));
    }

    [Fact]
    public void MissingTemplateFields_AreErrorsNotZeroes()
    {
        var metric = MetricFactory.Create(new MetricSpec { Type = "exact-match", Reference = "{{item.answer}}" }, new HttpClient());
        var outcome = Outcome(metric, "4", "4");
        Assert.Null(outcome.Value);
        Assert.Contains("{{item.answer}}", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_RenderNestedPathsAndText()
    {
        using var row = JsonDocument.Parse("""{"item": {"q": {"text": "2+2?"}, "choices": ["3", "4"], "n": 5}}""");
        Assert.Equal("Q: 2+2? (4, 5)", Template.Render("Q: {{item.q.text}} ({{ item.choices.1 }}, {{item.n}})", row.RootElement));
        Assert.Null(Template.Render("{{item.missing}}", row.RootElement));
    }

    [Fact]
    public void UnknownTypesAndDuplicateNames_AreRejected()
    {
        Assert.Equal(400, Assert.Throws<Core.EvalstoreException>(() => MetricFactory.Parse("accuracy")).Status);
        Assert.Equal(400, Assert.Throws<Core.EvalstoreException>(() =>
            new OfflineScorer([new MetricSpec { Type = "f1" }, new MetricSpec { Type = "f1" }], new HttpClient())).Status);
        Assert.Equal(400, Assert.Throws<Core.EvalstoreException>(
            () => MetricFactory.Create(new MetricSpec { Type = "llm-judge" }, new HttpClient())).Status);
    }
}
