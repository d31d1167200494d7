using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Demo;

/// <summary>
/// Example results for <c>serve --demo</c>, a small true story on one 240-question dataset (the README's quick start tells it):
/// <list type="number">
/// <item><c>qa-llama-3.1-8b</c>: a smaller model, below the team's bar (string-check pass rate 0.85): FAIL.</item>
/// <item><c>qa-gpt-4o-mini</c>: the current production prompt; passes the bar.</item>
/// <item><c>qa-gpt-4o-mini-3-epochs</c>: the same prompt sampled three times per question at temperature 0.7 (a
/// benchmark result with trials: pass@k, pass^k); passes.</item>
/// <item><c>qa-gpt-4o-mini-prompt-v2</c>: a terser prompt. Exact match and latency improve, but it names the largest
/// city instead of the capital far more often: string check and the judge regress, compare flags it, and it fails
/// the bar.</item>
/// <item><c>qa-llama-3.1-70b</c>: a run that failed (its judge endpoint was down).</item>
/// </list>
/// Deterministic, so every newcomer sees the same numbers; the demo tests check the story holds.
/// </summary>
internal static class DemoData
{
    public const string Dataset = "demo/qa-240";
    public const string Baseline = "qa-gpt-4o-mini";
    public const string Candidate = "qa-gpt-4o-mini-prompt-v2";
    public const string Epochs = "qa-gpt-4o-mini-3-epochs";
    public const string Smaller = "qa-llama-3.1-8b";
    public const string Failed = "qa-llama-3.1-70b";
    public const double Bar = 0.85;

    private static readonly RubricLevel[] s_judge =
        [new("poor", 1, "wrong or unhelpful"), new("fair", 2, "partly right"), new("good", 3, "right and clear")];

    private static readonly MetricDeclaration[] s_declarations =
    [
        new() { Metric = "string-check", Type = ScoreType.Binary, Description = "Output contains the reference" },
        new() { Metric = "exact-match", Type = ScoreType.Binary, Description = "Output equals the reference" },
        new() { Metric = "llm-judge", Type = ScoreType.Rubric, Rubric = s_judge, Description = "Judge model's verdict" },
    ];

    private static readonly StarMetric s_bar = new() { Metric = "string-check", Statistic = "pass_rate", Threshold = Bar };

    public static async Task LoadIfEmptyAsync(IServerStore store, CancellationToken cancellationToken)
    {
        if (!await store.IsEmptyAsync(cancellationToken))
        {
            return;
        }
        var items = DemoQuestions.All();
        // Oldest first: the results list shows the newest, the prompt change under review, at the top.
        var failed = await store.CreateResultAsync("default",
            Spec(Failed, "meta/llama-3.1-70b-instruct", new() { ["prompt"] = "v1", ["temperature"] = "0" }), cancellationToken);
        await store.FailResultAsync("default", failed.Id, "judge endpoint returned 503 after 3 retries", cancellationToken);

        await ImportAsync(store, Spec(Smaller, "meta/llama-3.1-8b-instruct", new() { ["prompt"] = "v1", ["temperature"] = "0" }), items,
            new DemoProfile(Arithmetic: 0.86, Geography: 0.80, Units: 0.58, Verbose: 0.45, LatencyBase: 520, LatencySpread: 480, Seed: 23),
            trials: 1, cancellationToken);
        await ImportAsync(store, Spec(Baseline, "openai/gpt-4o-mini", new() { ["prompt"] = "v1", ["temperature"] = "0" }), items,
            new DemoProfile(Arithmetic: 0.97, Geography: 0.93, Units: 0.86, Verbose: 0.4, LatencyBase: 300, LatencySpread: 260, Seed: 11),
            trials: 1, cancellationToken);
        await ImportAsync(store, Spec(Epochs, "openai/gpt-4o-mini", new() { ["prompt"] = "v1", ["temperature"] = "0.7" }) with
            {
                Kind = ResultKind.Benchmark,
                Benchmark = "demo/qa-suite",
                Metric = null,
            }, items,
            new DemoProfile(Arithmetic: 0.96, Geography: 0.92, Units: 0.85, Verbose: 0.45, LatencyBase: 320, LatencySpread: 300, Seed: 101),
            trials: 3, cancellationToken);
        await ImportAsync(store, Spec(Candidate, "openai/gpt-4o-mini", new() { ["prompt"] = "v2", ["temperature"] = "0" }), items,
            new DemoProfile(Arithmetic: 0.97, Geography: 0.58, Units: 0.86, Verbose: 0.05, LatencyBase: 240, LatencySpread: 200, Seed: 12),
            trials: 1, cancellationToken);
    }

    private static RunSpec Spec(string name, string model, Dictionary<string, string> labels) => new()
    {
        Name = name,
        Model = model,
        Dataset = Dataset,
        Metric = "demo/string-check",
        Labels = new Dictionary<string, string>(labels) { ["suite"] = "demo" },
        Metrics = s_declarations,
        StarMetric = s_bar,
    };

    private static Task ImportAsync(IServerStore store, RunSpec spec, IReadOnlyList<DemoQuestion> items, DemoProfile profile, int trials,
        CancellationToken cancellationToken)
    {
        // At temperature 0 a run is nearly deterministic; sampled epochs disagree with each other more.
        var noise = trials > 1 ? 0.25 : 0.08;
        return store.ImportResultAsync("default", spec, DemoRuns.RowsAsync(items, profile, trials, noise, s_declarations, cancellationToken),
            cancellationToken);
    }
}
