using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Demo;

/// <summary>
/// How one simulated model run answers: its chance of being right per topic, how often it wraps the answer in a
/// sentence (which fails exact match but not string check), and how long it takes.
/// </summary>
internal sealed record DemoProfile(
    double Arithmetic, double Geography, double Units, double Verbose, double LatencyBase, double LatencySpread, int Seed)
{
    public double Skill(string topic) => topic switch
    {
        DemoQuestions.Arithmetic => Arithmetic,
        DemoQuestions.Geography => Geography,
        _ => Units,
    };
}

/// <summary>
/// Simulates the rows of a demo run. Every item has a fixed ease (the same for every run), and a run answers an item
/// right when the ease is below its skill for the topic, give or take a little noise per run and trial. So two runs
/// agree on most items, as two real runs on one dataset do, and a paired compare sees the items that changed.
/// </summary>
internal static class DemoRuns
{
    private static readonly double[] s_ease = Ease();

    public static async IAsyncEnumerable<IngestRow> RowsAsync(IReadOnlyList<DemoQuestion> items, DemoProfile profile, int trials, double noise,
        IReadOnlyList<MetricDeclaration> declarations, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var random = new Random(profile.Seed);
        var parser = new RowParser(declarations);
        var line = 0;
        for (var index = 0; index < items.Count; index++)
        {
            var question = items[index];
            for (var trial = 0; trial < trials; trial++)
            {
                var right = s_ease[index] + (random.NextDouble() - 0.5) * noise < profile.Skill(question.Topic);
                var verbose = random.NextDouble() < profile.Verbose;
                var answer = right ? question.Reference : question.Decoy;
                var output = verbose ? $"The answer is {answer}." : answer;
                var judgeFailed = random.NextDouble() < 0.01;
                var judge = right ? (verbose || random.NextDouble() < 0.8 ? "good" : "fair") : random.NextDouble() < 0.75 ? "poor" : "fair";
                var judgeLabel = judgeFailed ? null : judge;
                var judgeReason = judgeFailed ? null : $"{Capitalised(judge)}: expected {question.Reference}.";
                var checkReason = right ? $"contains '{answer}'" : $"'{question.Reference}' not found";
                var latency = Math.Round(profile.LatencyBase + random.NextDouble() * profile.LatencySpread + (verbose ? 180 : 0));
                var row = new Dictionary<string, object?>
                {
                    ["row_index"] = index,
                    ["trial"] = trial,
                    ["item"] = new Dictionary<string, object?>
                    {
                        ["input"] = question.Input, ["reference"] = question.Reference, ["topic"] = question.Topic,
                    },
                    ["sample"] = new Dictionary<string, object?> { ["output_text"] = output },
                    ["metrics"] = new Dictionary<string, object?>
                    {
                        ["string-check"] = new[] { new { name = "string-check", value = right, reasoning = checkReason } },
                        ["exact-match"] = new[] { new { name = "exact-match", value = output == question.Reference ? 1.0 : 0.0 } },
                        ["llm-judge"] = new[] { new { name = "llm-judge", value = judgeLabel, reasoning = judgeReason } },
                    },
                    ["requests"] = Array.Empty<object>(),
                    ["usage"] = new { input_tokens = 24 + question.Input.Length / 4, output_tokens = 1 + output.Length / 4 },
                    // The built-in latency_ms score comes from this field; no metric repeats it.
                    ["latency_ms"] = latency,
                    ["metric_errors"] = judgeFailed ? new Dictionary<string, string> { ["llm-judge"] = "judge timed out after 30 s" } : null,
                };
                cancellationToken.ThrowIfCancellationRequested();
                yield return parser.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(row)), ++line);
            }
            await Task.Yield();
        }
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static double[] Ease()
    {
        var random = new Random(1234);
        return Enumerable.Range(0, 240).Select(_ => random.NextDouble()).ToArray();
    }
}
