using System.Diagnostics;
using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Tests.Vendors.Gradient;

/// <summary>Seed 002: DigitalOcean's own curl call, with only host and token changed, gets a document shaped like the seed's
/// example.</summary>
public sealed class GradientSeedTests
{
    [Fact]
    public async Task SeedCurl_ReturnsTheExampleShape_FieldForField()
    {
        await using var vendor = await VendorServer.StartAsync();
        var key = await vendor.KeyAsync("do-team", KeyRole.Read);
        var run = await vendor.ImportAsync("do-team", GradientRows.Spec("nightly"), GradientRows.Many(3));

        var host = vendor.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var command = Seed002.Curl.Replace("https://api.digitalocean.com", host, StringComparison.Ordinal);
        var (exitCode, output, error) = await RunAsync(command, ("EVALUATION_RUN_UUID", run.Id.ToString()), ("GRADIENTAI_API_KEY", key));

        Assert.True(exitCode == 0, $"curl failed ({exitCode}): {error}");
        var actual = JsonDocument.Parse(output).RootElement;
        var expected = JsonDocument.Parse(Seed002.Example).RootElement;
        var differences = JsonShape.Differences(expected, actual, Seed002.DocumentedExtras);
        Assert.True(differences.Count == 0, "Shape differs from seed 002:\n" + string.Join('\n', differences) + "\n" + output);

        // The values behind the shape: uint64 fields as strings, the prompt and its chunk, the star metric and pass status.
        var prompt = actual.GetProperty("prompts")[1];
        Assert.Equal("101", prompt.GetProperty("input_tokens").GetString());
        Assert.Equal("21", prompt.GetProperty("output_tokens").GetString());
        Assert.Equal(2, prompt.GetProperty("prompt_id").GetInt64());
        Assert.Equal("question 1", prompt.GetProperty("input").GetString());
        Assert.Equal("output 1", prompt.GetProperty("output").GetString());
        Assert.Equal("answer 1", prompt.GetProperty("ground_truth").GetString());
        Assert.Equal("chunk 1", prompt.GetProperty("prompt_chunks")[0].GetProperty("text").GetString());
        Assert.Equal(40.5, prompt.GetProperty("prompt_chunks")[0].GetProperty("chunk_usage_pct").GetDouble());
        var evaluationRun = actual.GetProperty("evaluation_run");
        Assert.Equal(run.Id.ToString(), evaluationRun.GetProperty("evaluation_run_uuid").GetString());
        Assert.Equal("EVALUATION_RUN_SUCCESSFUL", evaluationRun.GetProperty("status").GetString());
        Assert.Equal("correctness", evaluationRun.GetProperty("star_metric_result").GetProperty("metric_name").GetString());
        var meta = actual.GetProperty("meta");
        Assert.Equal(
            (1, 1, 3), (meta.GetProperty("page").GetInt32(), meta.GetProperty("pages").GetInt32(), meta.GetProperty("total").GetInt32()));
    }

    [Fact]
    public void JsonShape_ReportsMissingKeysWrongTypesAndUnexpectedKeys()
    {
        var expected = JsonDocument.Parse("""{"a": "x", "b": {"c": 1}, "d": [{"e": true}]}""").RootElement;
        var actual = JsonDocument.Parse("""{"a": 5, "b": {}, "d": [{"e": false}, {"e": "no"}], "z": 1, "ok": 2}""").RootElement;
        var differences = JsonShape.Differences(expected, actual, new HashSet<string> { "ok" });
        Assert.Equal(["$.a: expected string, found number (5)", "$.b.c: missing", "$.d[1].e: expected boolean, found string (\"no\")",
            "$.z: not in the expected document"], differences);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string command, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
