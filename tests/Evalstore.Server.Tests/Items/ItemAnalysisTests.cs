using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Items;

/// <summary>
/// Item analysis end to end over real HTTP, on each store: four models on nine items whose correctness is chosen so that
/// every flag, solve rate and discrimination has a figure worked out by hand.
/// </summary>
public abstract class ItemAnalysisTests : PerStoreServerTests
{
    private const string Items = "api/v1/workspaces/default/items";

    // Correctness per item for models m1..m4 (one trial each, except m1's two disagreeing trials on item 4).
    private static readonly (string Reference, string[] Outputs, int[] Correct)[] s_items =
    [
        ("A", ["B", "b.", " (B) ", "A"], [0, 0, 0, 1]),           // 0: three models agree on a wrong "B": suspect_reference
        ("X", ["X", "X", "X", "X"], [1, 1, 1, 1]),                // 1: all_pass
        ("Q", ["w1", "w2", "w3", "w4"], [0, 0, 0, 0]),            // 2: all_fail, outputs differ: not suspect
        ("R", ["R", "R", "S", "T"], [1, 1, 0, 0]),                // 3: the discrimination worked by hand below
        ("U", ["U", "U", "U", "U"], [1, 1, 1, 1]),                // 4: m1 also has a failing second trial: unstable
        ("V", ["V", "V", "V", "C"], [1, 1, 1, 0]),
        ("W", ["W", "C", "C", "D"], [1, 0, 0, 0]),                // 6: only two models share the wrong "C": not suspect
        ("Y", ["Y", "Y", "Z", "Y"], [1, 1, 0, 1]),
        ("Paris, France", ["Paris", "Paris", "Paris", "Lyon"], [1, 1, 1, 0]),   // 8: a shared output that passed: not suspect
    ];

    private async Task SeedAsync()
    {
        for (var m = 0; m < 4; m++)
        {
            var lines = new List<string>();
            for (var i = 0; i < s_items.Length; i++)
            {
                var (reference, outputs, correct) = s_items[i];
                lines.Add(Line(i, 0, reference, outputs[m], correct[m] == 1));
                if (m == 0 && i == 4)
                {
                    lines.Add(Line(i, 1, reference, "no idea", false));
                }
            }
            await Server.Store.ImportResultAsync("default",
                new RunSpec { Name = $"run-m{m + 1}", Model = $"m{m + 1}", Dataset = "items-qa" }, Rows.Parse(lines));
        }
    }

    private static string Line(int index, int trial, string reference, string output, bool correct) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["row_index"] = index,
            ["trial"] = trial,
            ["item"] = new Dictionary<string, string> { ["input"] = $"question {index}", ["reference"] = reference },
            ["sample"] = new Dictionary<string, string> { ["output_text"] = output },
            ["metrics"] = new Dictionary<string, object>
            {
                // An unbounded number first: the default must skip it for the first 0/1 score.
                ["answer_len"] = new[] { new Dictionary<string, object> { ["name"] = "answer_len", ["value"] = output.Length * 1.5 } },
                ["correct"] = new[] { new Dictionary<string, object> { ["name"] = "correct", ["value"] = correct } },
            },
        });

    private static ItemStats ByRow(ItemAnalysisReport report, long row) => Assert.Single(report.Items, i => i.RowIndex == row);

    [Fact]
    public async Task FourModels_GiveHandComputedSolveRatesFlagsAndDiscrimination()
    {
        await SeedAsync();
        var report = await Server.Client().ItemsAsync("default",
            new ItemAnalysisRequest { Dataset = "items-qa", Sort = "row_index", Limit = 100 });
        Assert.Equal("correct", report.Score);
        Assert.Contains("first 0/1 score", report.ScoreChoice, StringComparison.Ordinal);
        Assert.Equal(9, report.TotalItems);
        Assert.Equal(["m4", "m3", "m2", "m1"], report.Models.Select(m => m.Model));   // newest result first
        // Overall scores: m1 solved 6 items and half of item 4 over 9 items; the others count their 1s.
        double[] overall = [6.5 / 9, 6.0 / 9, 4.0 / 9, 4.0 / 9];
        for (var m = 0; m < 4; m++)
        {
            Assert.Equal(overall[m], report.Models.Single(x => x.Model == $"m{m + 1}").OverallScore, 12);
        }

        var suspect = ByRow(report, 0);
        Assert.Equal([ItemFlag.SuspectReference], suspect.Flags);
        Assert.Equal("b", suspect.SuspectOutput);
        Assert.Equal(["m1", "m2", "m3"], suspect.SuspectModels!.Order());
        Assert.Equal(["m1", "m2", "m3"], suspect.FailedModels.Order());
        Assert.Equal(0.25, suspect.SolveRate, 12);
        Assert.Equal("A", suspect.Reference);

        Assert.Equal([ItemFlag.AllPass], ByRow(report, 1).Flags);
        Assert.Null(ByRow(report, 1).Discrimination);               // nobody failed: n/a
        Assert.Equal([ItemFlag.AllFail], ByRow(report, 2).Flags);   // four different wrong outputs: no suspect
        Assert.Equal(0.0, ByRow(report, 2).SolveRate);
        var unstable = ByRow(report, 4);
        Assert.Equal([ItemFlag.AllPass, ItemFlag.Unstable], unstable.Flags);   // m1's trials 1 and 0: correctness 0.5, solved
        Assert.Equal(["m1"], unstable.UnstableModels);
        Assert.Equal(0.875, unstable.SolveRate, 12);
        Assert.Empty(ByRow(report, 6).Flags);   // two models share "c": below the quorum of three
        Assert.Empty(ByRow(report, 8).Flags);   // three say "paris" (not the reference) but solved it

        // Point-biserial by hand for item 3 (solved by m1 and m2): (M1 − M0) / s · √(p·q), s the population std of the overall scores.
        double m1 = (overall[0] + overall[1]) / 2, m0 = (overall[2] + overall[3]) / 2, mean = overall.Average();
        var s = Math.Sqrt(overall.Sum(o => (o - mean) * (o - mean)) / 4);
        var expected = (m1 - m0) / s * Math.Sqrt(0.5 * 0.5);
        Assert.Equal(0.987878, expected, 6);
        Assert.Equal(expected, ByRow(report, 3).Discrimination!.Value, 12);
        Assert.Equal(0.5, ByRow(report, 3).SolveRate);

        Assert.Equal(1, report.FlagCounts["suspect_reference"]);
        Assert.Equal(1, report.FlagCounts["all_fail"]);
        Assert.Equal(2, report.FlagCounts["all_pass"]);
        Assert.Equal(1, report.FlagCounts["unstable"]);
    }

    [Fact]
    public async Task EachItemLinksToItsRowsInEveryResult_AndDiscriminationIsWrittenAsNull()
    {
        await SeedAsync();
        using var response = await Server.Http.GetAsync($"{Items}?dataset=items-qa&flag=suspect_reference");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(json.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(["suspect_reference"], item.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var results = item.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        foreach (var result in results)
        {
            var (id, index) = (result.GetProperty("result_id").GetGuid(), result.GetProperty("row_index").GetInt64());
            using var row = await Server.Http.GetAsync(
                string.Create(CultureInfo.InvariantCulture, $"api/v1/workspaces/default/results/{id}/rows/{index}"));
            Assert.Equal(HttpStatusCode.OK, row.StatusCode);
            Assert.Contains("question 0", await row.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var allPass = await Server.Http.GetAsync($"{Items}?dataset=items-qa&flag=all_pass&sort=row_index");
        var passing = (await allPass.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([1L, 4L], passing.Select(i => i.GetProperty("row_index").GetInt64()));
        Assert.Equal(JsonValueKind.Null, passing[0].GetProperty("discrimination").ValueKind);
    }

    [Fact]
    public async Task KeysetPages_WalkEveryItemOnce_InTheChosenOrder()
    {
        await SeedAsync();
        var client = Server.Client();
        var seen = new List<ItemStats>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await client.ItemsAsync("default",
                new ItemAnalysisRequest { Dataset = "items-qa", Sort = "-solve_rate", Limit = 4, After = after });
            seen.AddRange(page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null);
        Assert.Equal(3, pages);
        Assert.Equal(9, seen.Select(i => i.Digest).Distinct().Count());
        // Easiest first; ties by row index.
        Assert.Equal([1L, 4L, 5L, 7L, 8L, 3L, 0L, 6L, 2L], seen.Select(i => i.RowIndex));
        var hardest = await client.ItemsAsync("default", new ItemAnalysisRequest { Dataset = "items-qa", Limit = 1 });
        Assert.Equal(2, Assert.Single(hardest.Items).RowIndex);
        var byDiscrimination = await client.ItemsAsync("default",
            new ItemAnalysisRequest { Dataset = "items-qa", Sort = "-discrimination", Limit = 100 });
        Assert.Equal(3, byDiscrimination.Items[0].RowIndex);
        Assert.All(byDiscrimination.Items.TakeLast(2), i => Assert.Null(i.Discrimination));   // n/a sorts last
    }

    [Theory]
    [InlineData("", "'dataset' is required")]
    [InlineData("?dataset=items-qa&sort=difficulty", "'sort' must be one of")]
    [InlineData("?dataset=items-qa&flag=broken", "'flag' must be one of")]
    [InlineData("?dataset=items-qa&limit=0", "'limit' must be an integer from 1 to 1000")]
    [InlineData("?dataset=items-qa&after=not-a-cursor", "'after' must be the 'next' cursor")]
    [InlineData("?dataset=items-qa&score=nope", "There is no score 'nope'")]
    [InlineData("?dataset=items-qa&score=answer_len", "neither 0/1 nor bounded")]
    [InlineData("?dataset=items-qa&colour=blue", "Unsupported query parameter(s): colour")]
    public async Task BadParameters_Are400ProblemDetails(string query, string detail)
    {
        await SeedAsync();
        using var response = await Server.Http.GetAsync(Items + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACursorOfAnotherSort_AndAnUnknownDataset_AreRefused()
    {
        await SeedAsync();
        var client = Server.Client();
        var first = await client.ItemsAsync("default", new ItemAnalysisRequest { Dataset = "items-qa", Limit = 2 });
        var wrongSort = await Assert.ThrowsAsync<EvalstoreException>(() => client.ItemsAsync("default",
            new ItemAnalysisRequest { Dataset = "items-qa", Sort = "row_index", After = first.Next }));
        Assert.Equal(400, wrongSort.Status);
        Assert.Contains("sorted by solve_rate, not row_index", wrongSort.Detail, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<EvalstoreException>(() => client.ItemsAsync("default",
            new ItemAnalysisRequest { Dataset = "no-such-dataset" }));
        Assert.Equal(404, unknown.Status);
    }
}

/// <summary>Item analysis over SQLite.</summary>
public sealed class SqliteItemAnalysisTests : ItemAnalysisTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Item analysis over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresItemAnalysisTests(PostgresDatabase database) : ItemAnalysisTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
