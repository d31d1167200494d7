using System.Globalization;
using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Ui.Tests.Support;

/// <summary>
/// Realistic results imported through the store: two models on the same multiple-choice items (so items join by
/// row digest), a maths set with three trials per item, a running and a failed run, and filler to page through.
/// Rows carry reasoning, metric errors, usage, latency, retrieval chunks and request logs.
/// </summary>
public static class SeedData
{
    public const string Gpt = "mmlu-gpt-4o";
    public const string Llama = "mmlu-llama-3.1-70b";
    public const string Maths = "gsm8k-gpt-4o";
    public const string Running = "mmlu-claude-running";
    public const string Failed = "broken-harness-run";
    public const int Items = 60;
    public const int Fillers = 26;

    private static readonly string[] s_subjects = ["astronomy", "biology", "law", "history", "physics"];
    private static readonly string[] s_letters = ["A", "B", "C", "D"];

    public static readonly MetricDeclaration[] Declarations =
    [
        new() { Metric = "accuracy", Type = ScoreType.Binary },
        new()
        {
            Metric = "judge", Score = "helpfulness", Type = ScoreType.Rubric,
            Rubric = [new("poor", 0, "Wrong or unhelpful"), new("fair", 0.5, "Partly helpful"), new("good", 1, "Correct and clear")],
        },
    ];

    public static async Task LoadAsync(IServerStore store, string workspace = "default")
    {
        // Fillers first, so that the interesting results are the newest and head the list.
        for (var i = 1; i <= Fillers; i++)
        {
            var name = $"smoke-{i:00}";
            await store.ImportResultAsync(workspace, new RunSpec { Name = name, Model = "local/tiny", Project = "smoke" },
                Rows.Parse([Rows.Synthetic(0, i / 30.0, i % 2 == 0), Rows.Synthetic(1, 0.5, true)]));
        }
        await ImportAsync(store, workspace, Mmlu(Gpt, "openai/gpt-4o", skill: 0.82, seed: 1), MmluRows(0.82, seed: 1));
        await ImportAsync(store, workspace, Mmlu(Llama, "meta/llama-3.1-70b", skill: 0.61, seed: 2), MmluRows(0.61, seed: 2));
        await ImportAsync(store, workspace, new RunSpec
        {
            Name = Maths, Model = "openai/gpt-4o", Dataset = "evalstore/gsm8k-mini", Benchmark = "gsm8k", Kind = ResultKind.Benchmark,
            Project = "reasoning", StarMetric = new StarMetric { Metric = "exact-match", Threshold = 0.9 },
            Metrics = [new() { Metric = "exact-match", Type = ScoreType.Binary }, new() { Metric = "abs-error", HigherIsBetter = false }],
        }, MathsRows());
        var running = await store.CreateResultAsync(workspace, Mmlu(Running, "anthropic/claude-3.5-sonnet", 0.8, 3));
        await store.AppendRowsAsync(workspace, running.Id, Rows.Parse(MmluRows(0.8, seed: 3).Take(10), Declarations));
        var failed = await store.CreateResultAsync(
            workspace, new RunSpec { Name = Failed, Model = "local/mistral-7b", Dataset = "evalstore/mmlu-mini" });
        await store.FailResultAsync(workspace, failed.Id, "CUDA out of memory at item 17");
    }

    /// <summary>The question text of an item, as shown on pages.</summary>
    public static string Question(int index) =>
        $"Question {index} ({s_subjects[index % s_subjects.Length]}): which option best explains observation #{index * 7 % 97}?";

    private static RunSpec Mmlu(string name, string model, double skill, int seed) => new()
    {
        Name = name, Model = model, Dataset = "evalstore/mmlu-mini", Benchmark = "mmlu", Kind = ResultKind.Benchmark, Project = "frontier",
        Labels = new Dictionary<string, string> { ["team"] = "research", ["suite"] = "nightly" },
        StarMetric = new StarMetric { Metric = "accuracy", Threshold = 0.7 },
        Metrics = Declarations,
        Config = JsonDocument.Parse(
            $$"""{"temperature": 0, "max_tokens": 512, "skill": {{skill.ToString(CultureInfo.InvariantCulture)}},""" +
            $$""" "seed": {{seed}}}""").RootElement,
    };

    private static Task ImportAsync(IServerStore store, string workspace, RunSpec spec, IEnumerable<string> lines) =>
        store.ImportResultAsync(workspace, spec, Rows.Parse(lines, spec.Metrics));

    private static IEnumerable<string> MmluRows(double skill, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Items; i++)
        {
            var answer = s_letters[i % 4];
            var correct = random.NextDouble() < skill;
            var given = correct ? answer : s_letters[(i + 1) % 4];
            var f1 = Math.Round(correct ? 0.7 + random.NextDouble() * 0.3 : random.NextDouble() * 0.6, 3);
            var helpfulness = correct ? (f1 > 0.85 ? "good" : "fair") : "poor";
            var judgeFails = i % 17 == 5;
            var item = new Dictionary<string, object>
            {
                ["question"] = Question(i),
                ["choices"] = s_letters.Select(l => $"{l}) option {l.ToLowerInvariant()} for item {i}").ToArray(),
                ["answer"] = answer,
                ["subject"] = s_subjects[i % s_subjects.Length],
            };
            var metrics = new Dictionary<string, object>
            {
                ["accuracy"] = new[] { new { name = "accuracy", value = (object)correct } },
                ["f1"] = new[] { new { name = "f1", value = (object)f1 } },
            };
            if (!judgeFails)
            {
                metrics["judge"] = new[] { new { name = "helpfulness", value = (object)helpfulness,
                    reasoning = correct ? "Picks the right option and explains why." : $"Chose {given}; the reference is {answer}." } };
            }
            var row = new Dictionary<string, object?>
            {
                ["row_index"] = i,
                ["item"] = item,
                ["sample"] = new { output_text = $"The answer is {given}. Option {given} matches observation #{i * 7 % 97} best.",
                    finish_reason = "stop" },
                ["metrics"] = metrics,
                ["usage"] = new { input_tokens = 180 + i, output_tokens = 20 + i % 9 },
                ["latency_ms"] = 300 + random.Next(900),
                ["requests"] = new[] { new { model = "chat", prompt_tokens = 180 + i, status = 200 } },
            };
            if (judgeFails)
            {
                row["metric_errors"] = new Dictionary<string, string> { ["judge"] = "timeout after 30 s" };
            }
            if (i % 3 == 0)
            {
                row["chunks"] = new[]
                {
                    new { source_name = $"{item["subject"]}.md", text = $"Background on observation #{i * 7 % 97}.", chunk_used = true,
                        chunk_usage_pct = 62.5 },
                    new { source_name = "glossary.md", text = "Definitions of the terms used.", chunk_used = false, chunk_usage_pct = 0.0 },
                };
            }
            yield return JsonSerializer.Serialize(row);
        }
    }

    private static IEnumerable<string> MathsRows()
    {
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            for (var trial = 0; trial < 3; trial++)
            {
                var correct = random.NextDouble() < 0.75;
                var error = correct ? 0 : Math.Round(1 + random.NextDouble() * 20, 2);
                yield return JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["row_index"] = i,
                    ["trial"] = trial,
                    ["item"] = new { problem =
                        $"A train travels {i + 3} km in {trial + 1} hours more than planned. How far in {i + 5} hours?",
                        answer = (i + 3) * 5 },
                    ["sample"] = new { output_text = $"Working step by step, the distance is {(i + 3) * 5 + error} km." },
                    ["metrics"] = new Dictionary<string, object>
                    {
                        ["exact-match"] = new[] { new { name = "exact-match", value = correct } },
                        ["abs-error"] = new[] { new { name = "abs-error", value = error } },
                    },
                });
            }
        }
    }
}
