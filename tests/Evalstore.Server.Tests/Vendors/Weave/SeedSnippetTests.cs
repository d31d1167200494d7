using System.Text.RegularExpressions;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>
/// Every Python snippet of W&amp;B's "Export evaluation data" page (seed 001), run with python3 and requests against a
/// real server that requires a key, changed only in TRACE_BASE and the run and prediction ids. The key travels as
/// WANDB_API_KEY and HTTP Basic ("api", key), and the entity and project are the page's own, so neither is edited.
/// </summary>
public sealed partial class SeedSnippetTests(SeedSnippetTests.Fixture fixture) : IClassFixture<SeedSnippetTests.Fixture>
{
    private static readonly string[] s_blocks = ReadBlocks();

    [Fact]
    public void ThePageHasTheSixSnippets()
    {
        Assert.Equal(6, s_blocks.Length);
        Assert.Contains("TRACE_BASE = \"https://trace.wandb.ai\"", s_blocks[0], StringComparison.Ordinal);
        Assert.Contains("AUTH = (\"api\", os.environ[\"WANDB_API_KEY\"])", s_blocks[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListEvaluationRuns_PrintsEachRunIdAndStatus()
    {
        var output = await RunAsync([0, 1]);
        Assert.Equal($"{fixture.Qa.RunId} completed\n{fixture.NativeRunId} completed\n", output);
    }

    [Fact]
    public async Task ReadSingleRun_PrintsIdStatusAndModel()
    {
        var output = await RunAsync([0, 2]);
        Assert.Equal($"{fixture.Qa.RunId} completed {WeaveApi.ModelRef}\n", output);
    }

    [Fact]
    public async Task GetPredictionsAndScores_PrintsInputOutputAndScoresOfEveryRow()
    {
        var lines = (await RunAsync([0, 3])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = new[]
        {
            ("{'question': 'What is 2+2?', 'expected': '4'}", "4", "{'exact_match': True, 'similarity': {'score': 0.93}}"),
            ("{'question': 'Capital of France?', 'expected': 'Paris'}", "Paris", "{'exact_match': True, 'similarity': {'score': 0.88}}"),
            ("{'question': 'Color of the sky?', 'expected': 'blue'}", "green", "{'exact_match': False, 'similarity': {'score': 0.25}}"),
            ("{'question': 'Largest planet?', 'expected': 'Jupiter'}", "Jupiter", "{'exact_match': True, 'similarity': {'score': 0.99}}"),
        };
        Assert.Equal(12, lines.Length);
        var printed = Enumerable.Range(0, 4).Select(i => (lines[3 * i], lines[3 * i + 1], lines[3 * i + 2])).ToHashSet();
        Assert.Equal(expected.Select(e => ($"Input: {e.Item1}", $"Output: {e.Item2}", $"Scores: {e.Item3}")).ToHashSet(), printed);
    }

    [Fact]
    public async Task GetPredictionsAndScores_OfANativelyImportedRun_UsesItsSamplesAndMetrics()
    {
        var lines = (await RunAsync([0, 3], fixture.NativeRunId)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(15, lines.Length);
        Assert.Contains("Input: {'input': 'What is 2+2?', 'reference': '4'}", lines);
        Assert.Contains("Output: The answer is 4", lines);
        Assert.Contains("Scores: {'exact-match': 0.0, 'string-check': 1.0}", lines);
    }

    [Fact]
    public async Task GetAggregatedScores_PrintsPassRateAndMean()
    {
        // The aggregated-scores snippet reuses eval_run_id from the snippet before it, as the page intends.
        var lines = (await RunAsync([0, 2, 4])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var mean = 0.0;
        var count = 0;
        foreach (var similarity in QaEvaluation.Items.Select(i => i.Similarity))
        {
            mean = (mean * count + similarity) / ++count; // Weave's running mean, step by step
        }
        Assert.Equal([$"{fixture.Qa.RunId} completed {WeaveApi.ModelRef}", "exact_match binary 0.75",
            $"similarity continuous {PythonJson.FloatRepr(mean)}"], lines);
    }

    [Fact]
    public async Task ReadSinglePrediction_PrintsTheWholePrediction()
    {
        var output = await RunAsync([0, 5]);
        var id = fixture.Qa.PredictionIds[0];
        Assert.Equal(
            $"{{'prediction_id': '{id}', 'model': '{WeaveApi.ModelRef}', 'inputs': {{'question': 'What is 2+2?', 'expected': '4'}}, "
            + $"'output': '4', 'evaluation_run_id': '{fixture.Qa.RunId}', 'wb_user_id': None}}\n", output);
    }

    [Fact]
    public async Task TheWholePage_RunsTopToBottom()
    {
        var lines = (await RunAsync([0, 1, 2, 3, 4, 5])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 + 1 + 12 + 2 + 1, lines.Length);
        Assert.Equal($"{fixture.Qa.RunId} completed", lines[0]);
        Assert.StartsWith("exact_match binary 0.75", lines[^3], StringComparison.Ordinal);
        Assert.StartsWith($"{{'prediction_id': '{fixture.Qa.PredictionIds[0]}'", lines[^1], StringComparison.Ordinal);
    }

    /// <summary>Concatenates the chosen snippets with only the base URL and the placeholder ids replaced, and runs them.</summary>
    private async Task<string> RunAsync(int[] blocks, string? runId = null)
    {
        var script = string.Join("\n", blocks.Select(i => s_blocks[i]));
        var edited = script
            .Replace("TRACE_BASE = \"https://trace.wandb.ai\"", $"TRACE_BASE = \"{fixture.Server.BaseAddress.ToString().TrimEnd('/')}\"",
                StringComparison.Ordinal)
            .Replace("\"<evaluation-run-id>\"", $"\"{runId ?? fixture.Qa.RunId}\"", StringComparison.Ordinal)
            .Replace("\"<predict-call-id>\"", $"\"{fixture.Qa.PredictionIds[0]}\"", StringComparison.Ordinal);
        Assert.NotEqual(script, edited);
        return await Python.RunAsync(edited, environment: new Dictionary<string, string> { ["WANDB_API_KEY"] = fixture.ReadKey });
    }

    private static string[] ReadBlocks()
    {
        var page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendors", "Weave", "seed-001-export-evaluation-data.md"));
        return [.. PythonBlock().Matches(page).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"```python[^\n]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();

    /// <summary>A server that requires keys, holding a run written through Weave and one imported natively, in W&amp;B's entity and
    /// project.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestServer Server { get; private set; } = null!;
        public QaEvaluation Qa { get; private set; } = null!;
        public string NativeRunId { get; private set; } = "";
        public string ReadKey { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Server = await TestServer.StartAsync();
            var writer = await Server.Store.CreateKeyAsync(WeaveApi.Entity, KeyRole.Write);
            ReadKey = (await Server.Store.CreateKeyAsync(WeaveApi.Entity, KeyRole.Read, "snippets")).Secret;
            using var http = Server.HttpWithKey(writer.Secret);
            Qa = await QaEvaluation.WriteAsync(new WeaveApi(http));
            var spec = new RunSpec { Name = "lm-eval-seed004", Project = WeaveApi.Project, Kind = ResultKind.Evaluation,
                Model = "hf/llama-3-8b" };
            NativeRunId = (await Server.Store.ImportResultAsync(WeaveApi.Entity, spec, Rows.Parse(Rows.Seed004))).Id.ToString();
        }

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }
}
