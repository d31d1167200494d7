using System.Globalization;
using System.Net;
using System.Text.Json;
using Evalstore.Core.Gate;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// Trends, stored gate evaluations and the workspace report end to end over HTTP, on each store. The exact figures: one
/// model on the same 200 items, 0.60 then 0.54 with B ⊂ A (12 discordant pairs, all one way), is a regression with exact
/// McNemar p = 2·0.5¹² = 0.00048828125.
/// </summary>
public abstract class TrendReportTests : PerStoreServerTests
{
    private const double McNemarP = 0.00048828125;

    /// <summary>200 items of which the first <paramref name="passing"/> pass.</summary>
    internal static IEnumerable<string> Lines(string name, int passing, int items = 200) => Enumerable.Range(0, items).Select(i =>
        "{\"row_index\": " + i.ToString(CultureInfo.InvariantCulture) + ", \"item\": {\"q\": \"question "
        + i.ToString(CultureInfo.InvariantCulture) + "\"}, \"sample\": {\"output_text\": \"" + name + "\"}, \"metrics\": {\"acc\": "
        + "[{\"name\": \"acc\", \"value\": " + (i < passing ? "true" : "false") + "}]}}");

    private Task<ResultInfo> ImportAsync(string name, string model, int passing, string project = "default") =>
        Server.Store.ImportResultAsync("default",
            new RunSpec { Name = name, Model = model, Dataset = "qa", Project = project }, Rows.Parse(Lines(name, passing)));

    [Fact]
    public async Task Trend_OfOneModel_0_60_Then_0_54_IsASignificantRegression_WithExactMcNemar()
    {
        await ImportAsync("week-1", "m1", 120);
        await ImportAsync("week-2", "m1", 108);
        var trend = await Server.Client().TrendsAsync("default", new TrendRequest { Score = "acc", Dataset = "qa" });
        Assert.Equal(["m1"], trend.Models);
        Assert.Equal(2, trend.Points.Count);
        var (first, second) = (trend.Points[0], trend.Points[1]);
        Assert.Equal("week-1", first.Result.Name);
        Assert.Null(first.Step);
        Assert.Equal(0.60, first.Mean!.Value, 12);
        Assert.Equal(0.54, second.Mean!.Value, 12);
        Assert.Equal(200, second.N);
        // Wilson 95% for 120/200 and 108/200 (z = 1.959964), the interval a proportion's aggregate stores.
        Assert.Equal(0.530837, first.CiLow!.Value, 1e-6);
        Assert.Equal(0.665394, first.CiHigh!.Value, 1e-6);
        Assert.Equal(0.470823, second.CiLow!.Value, 1e-6);
        Assert.Equal(0.607669, second.CiHigh!.Value, 1e-6);
        var step = second.Step!;
        Assert.Equal("week-1", step.Previous.Name);
        Assert.Equal(200, step.SharedItems);
        Assert.Equal(SignificanceTest.McNemarExact, step.Test);
        Assert.Equal(12, step.McNemar!.B);
        Assert.Equal(0, step.McNemar.C);
        Assert.Equal(McNemarP, step.P!.Value, 15);
        Assert.Equal(0.00049, step.AdjustedP!.Value, 5);
        Assert.Equal(-0.06, step.Difference!.Value, 12);
        Assert.Equal(TrendChange.Regression, step.Change);
    }

    [Fact]
    public async Task Trend_HolmAdjustsAlongEachModelsSeries_AndModelsAreTestedApart()
    {
        await ImportAsync("a1", "m1", 120);
        await ImportAsync("b1", "m2", 100);
        await ImportAsync("a2", "m1", 108);
        await ImportAsync("b2", "m2", 101);
        await ImportAsync("a3", "m1", 120);
        var trend = await Server.Client().TrendsAsync("default", new TrendRequest { Score = "acc", Dataset = "qa" });
        Assert.Equal(["m1", "m2"], trend.Models);
        Assert.Equal(["a1", "b1", "a2", "b2", "a3"], trend.Points.Select(p => p.Result.Name));
        var a2 = trend.Points[2].Step!;
        var a3 = trend.Points[4].Step!;
        // Two steps of m1 with the same p: Holm multiplies the smaller by 2 and keeps the larger monotone.
        Assert.Equal(McNemarP, a2.P!.Value, 15);
        Assert.Equal(2 * McNemarP, a2.AdjustedP!.Value, 15);
        Assert.Equal(2 * McNemarP, a3.AdjustedP!.Value, 15);
        Assert.Equal(TrendChange.Regression, a2.Change);
        Assert.Equal(TrendChange.Improvement, a3.Change);
        var b2 = trend.Points[3].Step!;
        Assert.Equal("b1", b2.Previous.Name);
        Assert.Equal(1.0, b2.P!.Value, 12);
        Assert.Equal(TrendChange.NoSignificantChange, b2.Change);
        var only = await Server.Client().TrendsAsync("default", new TrendRequest { Score = "acc", Dataset = "qa", Model = "m2" });
        Assert.Equal(["b1", "b2"], only.Points.Select(p => p.Result.Name));
    }

    [Fact]
    public async Task Report_ListsTheRegression_TheGateOutcome_AndRendersMarkdownAndEmailHtml()
    {
        await ImportAsync("week-1", "m1", 120, project: "search");
        await ImportAsync("week-2", "m1", 108, project: "search");
        var failed = await Server.Store.CreateResultAsync("default", new RunSpec { Name = "crashed", Model = "m2", Project = "search" });
        await Server.Store.FailResultAsync("default", failed.Id, "CUDA out of memory");
        var gate = await Server.Client().GateAsync("default",
            new GateRequest { Result = "week-2", Baseline = "week-1", Require = ["acc.mean>=0.5"], MaxDrop = 0.01 });
        Assert.False(gate.Passed);

        var listed = await Server.Client().GateEvaluationsAsync("default", new GateEvaluationQuery { Project = "search" });
        var stored = Assert.Single(listed);
        Assert.False(stored.Passed);
        Assert.Equal("week-2", stored.Report.Result.Name);
        Assert.Equal("week-1", stored.Report.Baseline!.Name);
        Assert.Equal(0.01, stored.Request.MaxDrop);
        Assert.Equal(["acc.mean>=0.5"], stored.Request.Require);
        Assert.Empty(await Server.Client().GateEvaluationsAsync("default", new GateEvaluationQuery { Project = "other" }));

        var report = await Server.Client().ReportAsync("default", new ReportRequest { Since = "7d" });
        var project = Assert.Single(report.Projects);
        Assert.Equal("search", project.Project);
        Assert.Equal(["week-1", "week-2", "crashed"], project.NewResults.Select(r => r.Result.Name));
        var change = Assert.Single(project.Changes);
        Assert.Equal(TrendChange.Regression, change.Change);
        Assert.Equal("week-2", change.Result.Name);
        Assert.Equal("week-1", change.Previous.Name);
        Assert.Equal("acc", change.Score);
        Assert.Equal(McNemarP, change.P!.Value, 15);
        Assert.Equal(0.6, change.MeanBefore!.Value, 12);
        Assert.Equal(0.54, change.MeanAfter!.Value, 12);
        Assert.Equal("CUDA out of memory", Assert.Single(project.FailedRuns).ErrorDescription);
        Assert.False(Assert.Single(project.Gates).Passed);
        var move = Assert.Single(project.LeaderboardMoves);
        Assert.Equal(("dataset:qa", "m1", (int?)null, (int?)1), (move.Board, move.Model, move.RankBefore, move.RankAfter));

        var markdown = await Server.Http.GetStringAsync("api/v1/workspaces/default/report?since=7d&project=search&format=md");
        Assert.Contains("## Project search", markdown, StringComparison.Ordinal);
        Assert.Contains("| week-2 | m1 | acc | **regression** | 0.6 → 0.54 (vs week-1, n = 200) | mcnemar-exact | 0.000488 |", markdown,
            StringComparison.Ordinal);
        using var html = await Server.Http.GetAsync("api/v1/workspaces/default/report?since=7d&format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var body = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", body, StringComparison.Ordinal);
        Assert.Contains("<style>", body, StringComparison.Ordinal);
        Assert.Contains("<svg", body, StringComparison.Ordinal);
        Assert.Contains("class=\"regression\">regression", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", body, StringComparison.OrdinalIgnoreCase);

        var empty = await Server.Client().ReportAsync("default", new ReportRequest { Since = "7d", Project = "nothing-here" });
        Assert.Empty(empty.Projects);
    }

    [Theory]
    [InlineData("trends?dataset=qa", "'score' is required")]
    [InlineData("trends?score=acc", "Name the series")]
    [InlineData("trends?score=acc&dataset=qa&benchmark=b", "not both")]
    [InlineData("trends?score=acc&dataset=qa&alpha=2", "alpha")]
    [InlineData("trends?score=acc&dataset=qa&limit=1", "'limit'")]
    [InlineData("trends?score=nope&dataset=qa", "numeric score 'nope'")]
    [InlineData("trends?score=acc&dataset=qa&colour=red", "Unsupported query parameter")]
    [InlineData("report?since=7x", "'since'")]
    [InlineData("report?since=0d", "'since'")]
    [InlineData("report?since=400d", "'since'")]
    [InlineData("report?format=pdf", "'format'")]
    [InlineData("report?alpha=0", "alpha")]
    [InlineData("gates?limit=0", "'limit'")]
    [InlineData("gates?result=x", "'result'")]
    [InlineData("gates?since=soon", "'since'")]
    public async Task BadParameters_AreProblemDetails(string path, string expected)
    {
        await ImportAsync("week-1", "m1", 120);
        using var response = await Server.Http.GetAsync("api/v1/workspaces/default/" + path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Trends and reports over SQLite.</summary>
public sealed class SqliteTrendReportTests : TrendReportTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Trends and reports over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrendReportTests(PostgresDatabase database) : TrendReportTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
