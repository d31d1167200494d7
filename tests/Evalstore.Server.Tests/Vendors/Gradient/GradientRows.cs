using System.Globalization;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Vendors.Gradient;

/// <summary>Rows with everything a DigitalOcean prompt shows: tokens, chunks, reasoning, a judge that failed once.</summary>
public static class GradientRows
{
    public static string Row(int index, double correctness, bool grounded, string? judgeError = null)
        => string.Create(CultureInfo.InvariantCulture,
        $$"""{"row_index": {{index}}, "item": {"input": "question {{index}}", "reference": "answer {{index}}"},""" +
            $$""" "sample": {"output_text": "output {{index}}"}, "metrics": {"correctness": [{"name": "correctness",""" +
            $$""" "value": {{correctness.ToString("R", CultureInfo.InvariantCulture)}}, "reasoning": "judged {{index}}"}],""" +
            $$""" "grounded": [{"name": "grounded", "value": {{(grounded ? "true" : "false")}}}]},""" +
            $$""" "usage": {"input_tokens": {{100 + index}}, "output_tokens": {{20 + index}}}, "chunks": [{"source_name": "faq.md",""" +
            $$""" "text": "chunk {{index}}", "chunk_used": true, "chunk_usage_pct": 40.5,""" +
            $$""" "index_uuid": "9c1d2e3f-0000-4000-8000-00000000000{{index % 10}}"}]""" +
            $$"""{{(judgeError is null ? "" : $", \"metric_errors\": {{\"tone\": \"{judgeError}\"}}")}}}""");

    public static IEnumerable<string> Many(int count) => Enumerable.Range(0, count).Select(i => Row(i, i % 4 / 3.0, i % 2 == 0));

    /// <summary>An evaluation run whose star metric is correctness (mean at least the threshold).</summary>
    public static RunSpec Spec(string name, string evaluation = "support-bot-eval", double threshold = 0.5, bool higherIsBetter = true)
        => new()
    {
        Name = name,
        Kind = ResultKind.Evaluation,
        Evaluation = evaluation,
        Model = "support-agent",
        Dataset = "support-questions",
        CreatedBy = "ana@example.com",
        Metrics = [new MetricDeclaration { Metric = "correctness", Description = "Is the answer right?", HigherIsBetter = higherIsBetter }],
        StarMetric = new StarMetric { Metric = "correctness", Threshold = threshold },
    };
}
