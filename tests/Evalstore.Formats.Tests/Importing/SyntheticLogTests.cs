using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Importing;

/// <summary>Cases the corpus does not hold: epochs, P/N letters, dict scores, errored rows, a harness number that differs.</summary>
public sealed class SyntheticLogTests : StoreTests
{
    [Fact]
    public async Task Inspect_EpochsAreTrials_LettersMapAsValueToFloat_DictScoresSplit()
    {
        static string Sample(int id, int epoch, string letter, double f1) =>
            "{\"id\": " + id + ", \"epoch\": " + epoch + ", \"input\": [{\"id\": \"run-specific-" + epoch
                + "\", \"role\": \"user\", \"content\": \"q" + id + "\"}]," +
            " \"target\": \"t" + id + "\", \"output\": {\"model\": \"m\", \"choices\": [{\"message\": {\"role\": \"assistant\"," +
            " \"content\": [{\"type\": \"text\", \"text\": \"a" + id + "\"}]}, \"stop_reason\": \"stop\"}]}," +
            " \"scores\": {\"grade\": {\"value\": \"" + letter + "\", \"explanation\": \"why " + letter + "\"}," +
            " \"multi\": {\"value\": {\"acc\": \"C\", \"f1\": " + f1.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}}";
        var samples = new[] { Sample(1, 1, "C", 1), Sample(1, 2, "P", 0.5), Sample(2, 1, "I", 0), Sample(2, 2, "N", 0.25) };
        var log = """
            {"version": 2, "status": "success",
             "eval": {"task": "synthetic", "model": "m/x", "created": "2025-01-01T00:00:00+00:00",
                      "config": {"epochs": 2, "epochs_reducer": ["mean"]},
                      "dataset": {"name": "d", "sample_ids": [1, 2]}},
             "results": {"scores": [{"name": "grade", "scorer": "grade", "metrics": {"accuracy": {"name": "accuracy", "value": 0.375}}}]},
             "samples": [
            """ + string.Join(",", samples) + "]}";
        var path = TempPath("synthetic.json");
        await File.WriteAllTextAsync(path, log);

        var imported = Assert.Single((await ImportPathsAsync([path])).Results);
        var result = imported.Result;
        Assert.Equal(4, result.RowCount);
        Assert.Equal(2, result.ItemCount);
        Assert.Equal(2, result.MaxTrials);
        // C=1, P=0.5, I=0, N=0: mean 0.375, as inspect's accuracy after a mean reduction of the epochs.
        Assert.Equal(0.375, Score(result, "grade").Mean);
        Assert.Equal(HarnessCheckStatus.Match, Assert.Single(imported.Checks).Status);
        Assert.Equal(1.0, Score(result, "multi", "acc").Mean);
        Assert.Equal(0.4375, Score(result, "multi", "f1").Mean);
        var rows = await RowsAsync(result);
        Assert.Equal([(0L, 0), (0L, 1), (1L, 0), (1L, 1)], rows.Select(r => (r.RowIndex, r.Trial)));
        // Message ids differ per epoch, but the item (and so the digest) is the same.
        Assert.Equal(rows[0].Digest, rows[1].Digest);
        var first = JsonNode.Parse(rows[0].ToString())!;
        Assert.Equal("a1", (string?)first["sample"]!["output_text"]);
        Assert.Equal("why C", (string?)first["metrics"]!["grade"]![0]!["reasoning"]);
    }

    [Fact]
    public async Task Promptfoo_ErrorRowsCarryMetricErrors_OneResultPerProvider()
    {
        static string Row(string provider, int test, bool success, double score, string? error, int failure)
        {
            var pass = success ? "true" : "false";
            var number = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var grading = failure == 2 ? "null"
                : "{\"pass\": " + pass + ", \"score\": " + number + ", \"reason\": \"r\", \"componentResults\": [{\"pass\": " + pass +
                  ", \"score\": " + number + ", \"reason\": \"r\", \"assertion\": {\"type\": \"equals\", \"value\": \"out\"}}]}";
            return "{\"provider\": {\"id\": \"" + provider + "\"}, \"promptIdx\": " + (provider == "p:a" ? 0 : 1) + ", \"testIdx\": "
                + test +
                   ", \"vars\": {\"q\": \"question " + test + "\"}, \"response\": {\"output\": \"out\"}, \"score\": " + number +
                   ", \"success\": " + pass + ", \"failureReason\": " + failure + (error is null ? "" : ", \"error\": \"" + error + "\"") +
                   ", \"gradingResult\": " + grading + "}";
        }
        var file = """
            {"evalId": "eval-x", "results": {"version": 3, "timestamp": "2025-01-01T00:00:00Z",
              "prompts": [{"provider": "p:a", "label": "P", "metrics": {"score": 1, "testPassCount": 1, "testFailCount": 0,
                                                                       "testErrorCount": 1, "assertPassCount": 1, "assertFailCount": 0}},
                          {"provider": "p:b", "label": "P", "metrics": {"score": 0, "testPassCount": 0, "testFailCount": 2,
                                                                       "testErrorCount": 0, "assertPassCount": 0, "assertFailCount": 2}}],
              "results": [
            """ + string.Join(",", Row("p:a", 0, true, 1, null, 0), Row("p:b", 0, false, 0, null, 1),
                Row("p:a", 1, false, 0, "rate limited", 2), Row("p:b", 1, false, 0, null, 1)) +
            """
            ], "stats": {"successes": 1, "failures": 2, "errors": 1}}, "config": {"description": "synthetic"}}
            """;
        var path = TempPath("two-providers.json");
        await File.WriteAllTextAsync(path, file);

        var report = await ImportPathsAsync([path]);
        Assert.Equal(["p:a_eval-x", "p:b_eval-x"], report.Results.Select(r => r.Result.Name));
        Assert.All(report.Results, r => Assert.Equal(2, r.Result.RowCount));
        Assert.All(report.Results, r => Assert.Equal(0, r.Mismatches));
        var errored = (await RowsAsync(report.Results[0].Result, new RowQuery { ErroredOnly = true })).Single();
        Assert.Equal("rate limited", (string?)JsonNode.Parse(errored.ToString())!["metric_errors"]!["provider"]);
        // The same vars join across providers.
        var a = await RowsAsync(report.Results[0].Result);
        var b = await RowsAsync(report.Results[1].Result);
        Assert.Equal(a.Select(r => r.Digest), b.Select(r => r.Digest));
    }

    [Fact]
    public async Task LmEval_AHarnessNumberThatDiffersIsReportedAsMismatch()
    {
        var directory = TempPath("changed");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Corpus.File(Corpus.BiasDirectory), "*12-20-26*"))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }
        var results = Path.Combine(directory, Path.GetFileName(Corpus.BiasFiveShot));
        var text = await File.ReadAllTextAsync(results);
        await File.WriteAllTextAsync(
            results, text.Replace("\"acc,none\": 0.5369458128078818", "\"acc,none\": 0.6", StringComparison.Ordinal));

        var imported = Assert.Single((await ImportPathsAsync([results])).Results);
        var mismatch = Assert.Single(imported.Checks, c => c.Status == HarnessCheckStatus.Mismatch);
        Assert.Equal(("acc", "mean", 0.6), (mismatch.Metric, mismatch.Statistic, mismatch.Expected!.Value));
        Assert.Equal(0.5369458128078818, mismatch.Actual!.Value, 12);
        Assert.Equal("results.bias_classification[\"acc,none\"]", mismatch.Source);
    }
}
