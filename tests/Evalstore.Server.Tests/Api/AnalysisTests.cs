using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// Compare and leaderboard end to end: the reference tables of stats.md through stored results and HTTP, on each store
/// (compare joins results through the store's <c>ReadScoreItemsAsync</c>).
/// </summary>
public abstract class AnalysisTests : PerStoreServerTests
{

    private async Task ImportAsync(
        string name, string model, string metric, IReadOnlyList<double> values, bool binary = false, int offset = 0,
        string? dataset = "qa", int skip = -1)
    {
        var lines = values.Select((v, i) => (v, i)).Where(x => x.i != skip).Select(x => Line(x.i + offset, x.i, name, metric, x.v, binary));
        await Server.Store.ImportResultAsync("default", new RunSpec { Name = name, Model = model, Dataset = dataset }, Rows.Parse(lines));
    }

    private static string Line(int rowIndex, int question, string name, string metric, double value, bool binary)
    {
        var shown = binary ? (value == 1 ? "true" : "false") : value.ToString("R", CultureInfo.InvariantCulture);
        return "{\"row_index\": " + rowIndex.ToString(CultureInfo.InvariantCulture)
            + ", \"item\": {\"q\": \"question " + question.ToString(CultureInfo.InvariantCulture) + "\"}"
            + ", \"sample\": {\"output_text\": \"" + name + " says " + shown + "\"}"
            + ", \"metrics\": {\"" + metric + "\": [{\"name\": \"" + metric + "\", \"value\": " + shown + "}]}}";
    }

    [Fact]
    public async Task Compare_PairedBinary_ReproducesMcNemarFromTheReferenceTable()
    {
        await ImportAsync("a", "model-a", "correct", [1, 1, 1, 1, 1, 1, 1, 0, 0, 0], binary: true);
        await ImportAsync("b", "model-b", "correct", [1, 1, 1, 0, 0, 0, 0, 1, 0, 0], binary: true);
        var report = await Server.Client().CompareAsync("default", new CompareRequest { Baseline = "a", Candidates = ["b"] });
        var candidate = Assert.Single(report.Candidates);
        Assert.Equal(10, candidate.MatchedItems);
        var entry = Assert.Single(candidate.Scores);
        var c = entry.Comparison;
        Assert.Equal(ScoreType.Binary, c.ScoreType);
        Assert.Equal(0.7, c.MeanA!.Value, 9);
        Assert.Equal(0.4, c.MeanB!.Value, 9);
        Assert.Equal(-0.3, c.Difference!.Value, 9);
        Assert.Equal(0.213437, c.StdErrPaired!.Value, 1e-6);
        Assert.Equal(4, c.McNemar!.B);
        Assert.Equal(1, c.McNemar.C);
        Assert.Equal(0.375, c.McNemar.P, 9);
        Assert.Equal(0.0890871, c.Correlation!.Value, 1e-6);
        Assert.Equal(0.375, entry.AdjustedP!.Value, 9);
        var flipped = candidate.Flipped!;
        Assert.Equal(4, flipped.Regressed);
        Assert.Equal(1, flipped.Improved);
        Assert.Equal(5, flipped.Rows.Count);
        Assert.Equal(FlipDirection.Regressed, flipped.Rows[0].Direction);
        Assert.Contains("a says", flipped.Rows[0].BaselineSample!.Value.GetProperty("output_text").GetString(), StringComparison.Ordinal);
        Assert.Contains("b says", flipped.Rows[0].CandidateSample!.Value.GetProperty("output_text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_PairedContinuous_ReproducesPairedTAndSignTest()
    {
        double[] a = [.82, .64, .91, .45, .73, .58, .99, .37, .66, .80];
        double[] b = [.78, .60, .93, .30, .70, .50, .95, .40, .55, .71];
        await ImportAsync("a", "model-a", "f1", a);
        await ImportAsync("b", "model-b", "f1", b);
        var report = await Server.Client().CompareAsync("default", new CompareRequest { Baseline = "a", Candidates = ["b"], Seed = 7 });
        var c = Assert.Single(Assert.Single(report.Candidates).Scores).Comparison;
        Assert.Equal(-0.053, c.Difference!.Value, 9);
        Assert.Equal(0.0176415, c.StdErrPaired!.Value, 1e-6);
        Assert.Equal(-3.00428, c.PairedT!.T!.Value, 1e-5);
        Assert.Equal(0.0148529, c.PairedT.P, 1e-6);
        Assert.Equal(0.109375, c.Sign.P, 9);
        Assert.Equal(0.966659, c.Correlation!.Value, 1e-6);
        Assert.Equal(Verdict.Worse, c.Verdict);
        // Zero replicates means no bootstrap, not an error.
        var noBootstrap = await Server.Client().CompareAsync(
            "default", new CompareRequest { Baseline = "a", Candidates = ["b"], BootstrapIterations = 0 });
        Assert.Null(Assert.Single(Assert.Single(noBootstrap.Candidates).Scores).Comparison.Bootstrap);
        // Same seed, same bootstrap.
        var again = await Server.Client().CompareAsync("default", new CompareRequest { Baseline = "a", Candidates = ["b"], Seed = 7 });
        Assert.Equal(c.Bootstrap, Assert.Single(Assert.Single(again.Candidates).Scores).Comparison.Bootstrap);
    }

    [Fact]
    public async Task Compare_ReportsUnmatchedItemsDriftAndAdjustsAcrossCandidates()
    {
        await ImportAsync("a", "model-a", "m", [1, 0, 1, 0, 1, 0]);
        await ImportAsync("b", "model-b", "m", [1, 1, 1, 1, 1, 1], skip: 5);
        await ImportAsync("c", "model-c", "m", [0, 0, 1, 0, 1, 0], offset: 1); // same items, shifted positions
        var report = await Server.Client().CompareAsync("default", new CompareRequest { Baseline = "a", Candidates = ["b", "c"] });
        var b = report.Candidates[0];
        Assert.Equal(5, b.MatchedItems);
        Assert.Equal(1, b.OnlyInBaseline);
        Assert.Equal(0, b.OnlyInCandidate);
        var c = report.Candidates[1];
        Assert.Equal(6, c.MatchedItems);
        Assert.Equal(5, c.DriftCount);
        Assert.Equal(2, report.ComparisonsAdjusted);
        var raw = report.Candidates.Select(x => x.Scores[0].Comparison.VerdictP!.Value).ToList();
        var adjusted = report.Candidates.Select(x => x.Scores[0].AdjustedP!.Value).ToList();
        Assert.Equal(Math.Min(1, 2 * raw.Min()), adjusted.Min(), 9);
    }

    [Fact]
    public async Task Compare_UnknownResultOrScore_IsAProblem()
    {
        await ImportAsync("a", "model-a", "m", [1, 0]);
        using var missing = await Server.Http.GetAsync("api/v1/workspaces/default/compare?baseline=a&candidate=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var noCandidate = await Server.Http.GetAsync("api/v1/workspaces/default/compare?baseline=a");
        Assert.Equal(HttpStatusCode.BadRequest, noCandidate.StatusCode);
        using var badScore = await Server.Http.GetAsync("api/v1/workspaces/default/compare?baseline=a&candidate=a&metric=colour");
        Assert.Equal(HttpStatusCode.BadRequest, badScore.StatusCode);
    }

    [Fact]
    public async Task Leaderboard_RanksTheLatestCompletedResultPerModelWithTies()
    {
        var strong = Enumerable.Range(0, 200).Select(i => i % 10 < 9 ? 1.0 : 0.0).ToList();
        var close = Enumerable.Range(0, 200).Select(i => i % 100 < 87 ? 1.0 : 0.0).ToList();
        var weak = Enumerable.Range(0, 200).Select(i => i % 10 < 3 ? 1.0 : 0.0).ToList();
        await ImportAsync("old-strong", "strong", "acc", weak);
        await ImportAsync("new-strong", "strong", "acc", strong);
        await ImportAsync("close", "close", "acc", close);
        await ImportAsync("weak", "weak", "acc", weak);
        await ImportAsync("elsewhere", "other", "acc", strong, dataset: "other-dataset");

        var board = await Server.Http.GetFromJsonAsync<JsonElement>("api/v1/workspaces/default/leaderboard?dataset=qa");
        var rows = board.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["strong", "close", "weak"], rows.Select(r => r.GetProperty("model").GetString()));
        Assert.Equal("new-strong", rows[0].GetProperty("result").GetProperty("name").GetString());
        var cells = rows.Select(r => r.GetProperty("cells").GetProperty("acc")).ToList();
        Assert.Equal(1, cells[0].GetProperty("rank").GetInt32());
        Assert.True(cells[1].GetProperty("tied").GetBoolean());
        Assert.Equal(1, cells[1].GetProperty("rank").GetInt32());
        Assert.Equal(3, cells[2].GetProperty("rank").GetInt32());
        Assert.False(cells[2].GetProperty("tied").GetBoolean());
    }

    [Fact]
    public async Task Leaderboard_SaysWhichScoreOrdersIt_AndOrderByChoosesIt()
    {
        await ImportAsync("lb-a", "model-a", "exact", [.. Enumerable.Range(0, 200).Select(i => i < 108 ? 1.0 : 0.0)]);
        await ImportAsync("lb-b", "model-b", "exact", [.. Enumerable.Range(0, 200).Select(i => i < 120 ? 1.0 : 0.0)]);
        var board = await Server.Http.GetFromJsonAsync<JsonElement>("api/v1/workspaces/default/leaderboard?dataset=qa&order_by=exact");
        Assert.Equal("exact", board.GetProperty("ordered_by").GetString());
        Assert.StartsWith("A model's rank is 1 + the number of models significantly better", board.GetProperty("tie_rule").GetString(),
            StringComparison.Ordinal);
        var column = board.GetProperty("columns")[0];
        Assert.Equal("paired", column.GetProperty("ranked_by").GetString());
        Assert.Equal(0.00049, Math.Round(column.GetProperty("pairs")[0].GetProperty("p").GetDouble(), 5));
        var rows = board.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["model-b", "model-a"], rows.Select(r => r.GetProperty("model").GetString()));
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("cells").GetProperty("exact").GetProperty("rank").GetInt32()));
        using var unknown = await Server.Http.GetAsync("api/v1/workspaces/default/leaderboard?dataset=qa&order_by=colour");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task MalformedTextFilter_Is400WithThePosition_NotAnEmptyList()
    {
        await ImportAsync("some", "llama-3", "exact", [1, 0]);
        using var response = await Server.Http.GetAsync(
            "api/v1/workspaces/default/results?search=" + Uri.EscapeDataString("model~~\"llama"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7, problem.GetProperty("position").GetInt32());
        Assert.Contains("at character 7", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_ThroughTheSdk_ReportsRequirementsAndRegressions()
    {
        await ImportAsync("base", "m1", "acc", Enumerable.Range(0, 300).Select(i => i % 10 < 9 ? 1.0 : 0.0).ToList());
        await ImportAsync("cand", "m2", "acc", Enumerable.Range(0, 300).Select(i => i % 10 < 6 ? 1.0 : 0.0).ToList());
        var report = await Server.Client().GateAsync("default", new Core.Gate.GateRequest
        {
            Result = "cand", Baseline = "base", Require = ["acc.mean>=0.5"], MaxDrop = 0.05,
        });
        Assert.False(report.Passed);
        Assert.Equal(GateStatus.Pass, report.Checks.Single(c => c.Kind == GateCheckKind.Requirement).Status);
        var regression = report.Checks.Single(c => c.Kind == GateCheckKind.Regression);
        Assert.Equal(GateStatus.Fail, regression.Status);
        Assert.Equal(0.3, regression.Actual!.Value, 9);
    }
}

/// <summary>The analysis tests over SQLite.</summary>
public sealed class SqliteAnalysisTests : AnalysisTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>The analysis tests over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAnalysisTests(PostgresDatabase database) : AnalysisTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
