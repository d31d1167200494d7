using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Importing;

/// <summary>A nested group whose leaf tasks all have samples: grp → (sub → t1, t2), t3.</summary>
public sealed class LmEvalGroupTests : StoreTests
{
    private const string Stamp = "2025-01-01T00-00-00.000000";

    private static readonly Dictionary<string, int[]> s_accuracy = new()
    {
        ["t1"] = [1, 1, 0],
        ["t2"] = [1, 0],
        ["t3"] = [0, 1],
    };

    private string WriteRun()
    {
        var directory = TempPath("grouped");
        Directory.CreateDirectory(directory);
        var results = new JsonObject();
        void Report(string task, double acc, double? stderr) =>
            results[task] = new JsonObject { ["alias"] = task, ["acc,none"] = acc, ["acc_stderr,none"] = stderr is null ? "N/A" : stderr };
        foreach (var (task, values) in s_accuracy)
        {
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            Report(task, mean, sd / Math.Sqrt(values.Length));
            var lines = values.Select((v, i) => new JsonObject
            {
                ["doc_id"] = i, ["doc"] = new JsonObject { ["q"] = $"{task}-{i}" }, ["target"] = "a",
                ["resps"] = new JsonArray(new JsonArray("x")), ["filtered_resps"] = new JsonArray("x"), ["filter"] = "none",
                ["metrics"] = new JsonArray("acc"), ["acc"] = v,
            }.ToJsonString());
            File.WriteAllLines(Path.Combine(directory, $"samples_{task}_{Stamp}.jsonl"), lines);
        }
        Report("sub", 3 / 5.0, 0.2);
        Report("grp", 4 / 7.0, 0.2);
        var document = new JsonObject
        {
            ["results"] = results,
            ["groups"] = new JsonObject { ["grp"] = new JsonObject(), ["sub"] = new JsonObject() },
            ["group_subtasks"] = new JsonObject
            {
                ["grp"] = new JsonArray("sub", "t3"), ["sub"] = new JsonArray("t1", "t2"),
                ["t1"] = new JsonArray(), ["t2"] = new JsonArray(), ["t3"] = new JsonArray(),
            },
            ["configs"] = new JsonObject(),
            ["higher_is_better"] = new JsonObject { ["t1"] = new JsonObject { ["acc"] = true } },
            ["model_name"] = "org/model",
        };
        var path = Path.Combine(directory, $"results_{Stamp}.json");
        File.WriteAllText(path, document.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Group_BecomesABenchmarkResultWithAnEntryPerTaskAndGroup()
    {
        var report = await ImportPathsAsync([WriteRun()]);

        // Three task results, and a benchmark result for each group (the inner one also lives inside the outer one).
        Assert.Equal(["org__model_t1_" + Stamp, "org__model_t2_" + Stamp, "org__model_t3_" + Stamp, "org__model_sub_" + Stamp,
            "org__model_grp_" + Stamp],
            report.Results.Select(r => r.Result.Name));
        Assert.Equal(5, report.Results[3].Result.RowCount);
        Assert.Equal(0, report.Results[3].Mismatches);
        var group = report.Results[4];
        Assert.Equal(ResultKind.Benchmark, group.Result.Kind);
        Assert.Equal("grp", group.Result.Benchmark);
        Assert.Equal(7, group.Result.RowCount);
        Assert.Equal(4 / 7.0, Score(group.Result, "grp", "acc").Mean!.Value, 12);
        Assert.Equal(3 / 5.0, Score(group.Result, "sub", "acc").Mean!.Value, 12);
        Assert.Equal(2 / 3.0, Score(group.Result, "t1", "acc").Mean!.Value, 12);
        Assert.Equal(ScoreType.Binary, Score(group.Result, "t3", "acc").ScoreType);
        // Means of grp, sub, t1, t2, t3 and the three tasks' stderrs match; the groups' pooled stderrs are not compared.
        Assert.Equal(8, group.Checks.Count(c => c.Status == HarnessCheckStatus.Match));
        Assert.Equal(0, group.Mismatches);
        Assert.All(report.Results.Take(3), r => Assert.Equal(0, r.Mismatches));

        // Rows are numbered by the store (doc_ids repeat across tasks) and keep their docs, so digests join the task results.
        var groupRows = await RowsAsync(group.Result);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), groupRows.Select(r => r.RowIndex));
        var t1Rows = await RowsAsync(report.Results[0].Result);
        Assert.Equal(t1Rows.Select(r => r.Digest), groupRows.Take(3).Select(r => r.Digest));
        var first = JsonNode.Parse(groupRows[0].ToString())!["metrics"]!.AsObject();
        Assert.Equal(["t1", "sub", "grp"], first.Select(p => p.Key));
        Assert.Equal(1, first["grp"]![0]!["value"]!.GetValue<int>());
    }
}
