using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Support;

/// <summary>Builds ingest rows and JSONL text for tests.</summary>
public static class Rows
{
    /// <summary>The five rows of the seed 004 worked example (exact-match and string-check).</summary>
    public static readonly string[] Seed004 =
    [
        """{"row_index": 0, "item": {"input": "What is 2+2?", "reference": "4"}, "sample": {"output_text": "The answer is 4"},""" +
            """ "metrics": {"exact-match": [{"name": "exact-match", "value": 0.0}], "string-check": [{"name": "string-check",""" +
            """ "value": 1.0, "reasoning": "contains '4'"}]}, "requests": []}""",
        """{"row_index": 1, "item": {"input": "Capital of France?", "reference": "Paris"},""" +
            """ "sample": {"output_text": "Paris is the capital"}, "metrics": {"exact-match": [{"name": "exact-match", "value": 0.0}],""" +
            """ "string-check": [{"name": "string-check", "value": 1.0}]}, "requests": []}""",
        """{"row_index": 2, "item": {"input": "Color of sky?", "reference": "blue"}, "sample": {"output_text": "Blue"},""" +
            """ "metrics": {"exact-match": [{"name": "exact-match", "value": 1.0}], "string-check": [{"name": "string-check",""" +
            """ "value": 0.0}]}, "requests": []}""",
        """{"row_index": 3, "item": {"input": "Largest planet?", "reference": "Jupiter"}, "sample": {"output_text": "Jupiter"},""" +
            """ "metrics": {"exact-match": [{"name": "exact-match", "value": 1.0}], "string-check": [{"name": "string-check",""" +
            """ "value": 1.0}]}, "requests": []}""",
        """{"row_index": 4, "item": {"input": "Water formula?", "reference": "H2O"}, "sample": {"output_text": "H2O"},""" +
            """ "metrics": {"exact-match": [{"name": "exact-match", "value": 1.0}], "string-check": [{"name": "string-check",""" +
            """ "value": 1.0}]}, "requests": []}""",
    ];

    public static string Jsonl(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";

    /// <summary>Parses lines into rows the way the server does.</summary>
    public static async IAsyncEnumerable<IngestRow> Parse(IEnumerable<string> lines, IReadOnlyList<MetricDeclaration>? declarations = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parser = new RowParser(declarations);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return parser.Parse(Encoding.UTF8.GetBytes(line), number);
        }
    }

    /// <summary>A synthetic row with a numeric and a boolean score.</summary>
    public static string Synthetic(long index, double score, bool passed, int trial = 0, string? error = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"row_index": {{index}}, "trial": {{trial}}, "item": {"input": "question {{index}}", "reference": "{{index}}"},""" +
                $$""" "sample": {"output_text": "answer {{index}}.{{trial}}"}, "metrics": {"accuracy": [{"name": "accuracy",""" +
                $$""" "value": {{score.ToString("R", CultureInfo.InvariantCulture)}}}], "passed": [{"name": "passed",""" +
                $$""" "value": {{(passed ? "true" : "false")}}}]}""" +
                $$"""{{(error is null ? "" : $", \"metric_errors\": {{\"judge\": \"{error}\"}}")}}}""");
}
