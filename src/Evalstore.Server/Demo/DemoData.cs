using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Demo;

/// <summary>
/// Example results for <c>serve --demo</c>: three models on the same 240-question dataset (so compare and the
/// leaderboard have something real to join), one run with three trials per item, a benchmark result and a failed
/// run. Deterministic, so every newcomer sees the same numbers.
/// </summary>
internal static class DemoData
{
    private const string Dataset = "demo/qa-240";
    private static readonly RubricLevel[] s_judge =
        [new("poor", 1, "wrong or unhelpful"), new("fair", 2, "partly right"), new("good", 3, "right and clear")];

    private static readonly (string Model, double Skill, int Seed)[] s_models =
    [
        ("openai/gpt-4o-mini", 0.82, 11),
        ("meta/llama-3.1-8b-instruct", 0.66, 23),
        ("mistral/mistral-7b-instruct", 0.63, 37),
    ];

    public static async Task LoadIfEmptyAsync(IServerStore store, CancellationToken cancellationToken)
    {
        if (!await store.IsEmptyAsync(cancellationToken))
        {
            return;
        }
        var items = Questions().ToList();
        var declarations = new List<MetricDeclaration>
        {
            new() { Metric = "exact-match", Type = ScoreType.Range, Description = "Output equals the reference" },
            new() { Metric = "string-check", Type = ScoreType.Binary, Description = "Output contains the reference" },
            new() { Metric = "llm-judge", Type = ScoreType.Rubric, Rubric = s_judge, Description = "Judge model's verdict" },
            new() { Metric = "latency", HigherIsBetter = false, Description = "Wall time of the model call (ms)" },
        };
        foreach (var (model, skill, seed) in s_models)
        {
            var spec = new RunSpec
            {
                Name = $"qa-{model.Split('/')[1]}",
                Model = model,
                Dataset = Dataset,
                Metric = "demo/exact-match",
                Labels = new Dictionary<string, string> { ["suite"] = "demo", ["temperature"] = "0" },
                Metrics = declarations,
                StarMetric = new StarMetric { Metric = "exact-match", Threshold = 0.6 },
            };
            await store.ImportResultAsync(
                "default", spec, Rows(items, skill, seed, trials: 1, declarations, cancellationToken), cancellationToken);
        }
        await store.ImportResultAsync("default", new RunSpec
        {
            Name = "qa-gpt-4o-mini-3-epochs",
            Model = "openai/gpt-4o-mini",
            Dataset = Dataset,
            Kind = ResultKind.Benchmark,
            Benchmark = "demo/qa-suite",
            Labels = new Dictionary<string, string> { ["suite"] = "demo", ["temperature"] = "0.7" },
            Metrics = declarations,
            StarMetric = new StarMetric { Metric = "string-check", Statistic = "pass_rate", Threshold = 0.7 },
        }, Rows(items, 0.78, 101, trials: 3, declarations, cancellationToken), cancellationToken);
        var failed = await store.CreateResultAsync("default",
            new RunSpec { Name = "qa-llama-3.1-70b", Model = "meta/llama-3.1-70b-instruct", Dataset = Dataset }, cancellationToken);
        await store.FailResultAsync("default", failed.Id, "judge endpoint returned 503 after 3 retries", cancellationToken);
    }

    private static IEnumerable<(string Question, string Answer, string Topic)> Questions()
    {
        var random = new Random(7);
        string[] capitals =
            ["Paris:France", "Madrid:Spain", "Rome:Italy", "Berlin:Germany", "Lisbon:Portugal", "Vienna:Austria", "Warsaw:Poland",
            "Athens:Greece", "Dublin:Ireland", "Oslo:Norway", "Helsinki:Finland", "Prague:Czechia", "Budapest:Hungary", "Ottawa:Canada",
                "Canberra:Australia",
            "Tokyo:Japan", "Seoul:South Korea", "Nairobi:Kenya", "Lima:Peru", "Cairo:Egypt"];
        for (var i = 0; i < 240; i++)
        {
            switch (i % 3)
            {
                case 0:
                    var a = random.Next(2, 99);
                    var b = random.Next(2, 99);
                    yield return ($"What is {a} + {b}?", (a + b).ToString(CultureInfo.InvariantCulture), "arithmetic");
                    break;
                case 1:
                    var pair = capitals[random.Next(capitals.Length)].Split(':');
                    yield return ($"What is the capital of {pair[1]}? (#{i})", pair[0], "geography");
                    break;
                default:
                    var n = random.Next(3, 12);
                    yield return ($"How many sides does a polygon with {n} vertices have? (#{i})", n.ToString(CultureInfo.InvariantCulture),
                        "geometry");
                    break;
            }
        }
    }

    private static async IAsyncEnumerable<IngestRow> Rows(
        IReadOnlyList<(string Question, string Answer, string Topic)> items, double skill, int seed,
        int trials, IReadOnlyList<MetricDeclaration> declarations, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        var parser = new RowParser(declarations);
        var line = 0;
        for (var index = 0; index < items.Count; index++)
        {
            var (question, answer, topic) = items[index];
            var difficulty = topic == "arithmetic" ? 0.05 : topic == "geography" ? 0.1 : 0.2;
            for (var trial = 0; trial < trials; trial++)
            {
                var right = random.NextDouble() < skill - difficulty;
                var verbose = random.NextDouble() < 0.35;
                var output = right ? (verbose ? $"The answer is {answer}." : answer)
                    : (verbose ? $"I believe it is {Wrong(answer, random)}." : Wrong(answer, random));
                var exact = output == answer;
                var contains = output.Contains(answer, StringComparison.OrdinalIgnoreCase);
                var judge = contains ? (verbose ? "good" : random.NextDouble() < 0.8 ? "good" : "fair") : random.NextDouble() < 0.7 ? "poor"
                    : "fair";
                var judgeFailed = random.NextDouble() < 0.01;
                var latency = Math.Round(180 + random.NextDouble() * 400 + (verbose ? 250 : 0));
                var row = new Dictionary<string, object?>
                {
                    ["row_index"] = index,
                    ["trial"] = trial,
                    ["item"] = new Dictionary<string, object?> { ["input"] = question, ["reference"] = answer, ["topic"] = topic },
                    ["sample"] = new Dictionary<string, object?> { ["output_text"] = output },
                    ["metrics"] = new Dictionary<string, object?>
                    {
                        ["exact-match"] = new[] { new { name = "exact-match", value = exact ? 1.0 : 0.0 } },
                        ["string-check"] = new[] { new { name = "string-check", value = contains,
                            reasoning = contains ? $"contains '{answer}'" : $"'{answer}' not found" } },
                        ["llm-judge"] = new[] { new { name = "llm-judge", value = judgeFailed ? null : judge,
                            reasoning = judgeFailed ? null : $"The response is {judge}: expected {answer}." } },
                        ["latency"] = new[] { new { name = "latency", value = latency } },
                    },
                    ["requests"] = Array.Empty<object>(),
                    ["usage"] = new { input_tokens = 18 + question.Length / 4, output_tokens = 2 + output.Length / 4 },
                    ["latency_ms"] = latency,
                    ["metric_errors"] = judgeFailed ? new Dictionary<string, string> { ["llm-judge"] = "timeout after 30 s" } : null,
                };
                cancellationToken.ThrowIfCancellationRequested();
                yield return parser.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(row)), ++line);
                await Task.CompletedTask;
            }
        }
    }

    private static string Wrong(string answer, Random random) =>
        int.TryParse(answer, CultureInfo.InvariantCulture, out var number)
            ? (number + random.Next(1, 4) * (random.Next(2) == 0 ? -1 : 1)).ToString(CultureInfo.InvariantCulture)
            : new[] { "Lyon", "Porto", "Milan", "Munich", "Zurich", "Bergen", "Kyoto", "Busan" }[random.Next(8)];
}
