using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>
/// The row_digest values eval_results/query returns equal Weave's: Python's SHA-256 of
/// <c>json.dumps(item, sort_keys=True)</c> (a string item: its raw text), URL-safe base64, '-'→'X', '_'→'Y'.
/// </summary>
public sealed class WeaveRowDigestTests : IAsyncLifetime
{
    // Inputs of predictions written through Weave (Weave's inputs are dicts).
    private static readonly string[] s_inputs =
    [
        """{"question": "What is 2+2?", "expected": "4"}""",
        """{"b": 1, "a": 2, "c": {"z": [1, 2, {"y": null, "x": true}], "a": false}}""",
        """{"text": "café ünïcödé", "emoji": "🚀🔥 ok", "chinese": "你好世界"}""",
        """{"🚀": 1, "\ue000": 2, "a": 3, "é": 4, "Z": 5}""",
        """{"quote": "she said \"hi\"", "backslash": "C:\\path", "ctrl": "tab\tnl\ncr\r", "control": "\u0001\u001f\u007f"}""",
        """{"f": 1.0, "g": 1e-05, "h": 1e16, "i": 1e15, "j": 0.30000000000000004, "k": -0.0, "l": 5e-324}""",
        """{"big": 123456789012345678901234567890, "neg": -42, "zero": 0, "third": 0.3333333333333333}""",
        """{"empty_obj": {}, "empty_arr": [], "empty_str": "", "t": true, "n": null}""",
        """{"surrogates": "𝕳𝖊𝖑𝖑𝖔", "slash": "a/b", "html": "<b>&amp;</b>", "apos": "it's"}""",
        """{"id": 17, "choices": ["3", "4", "5"], "meta": {"source": "gsm8k", "difficulty": 0.25}}""",
    ];

    // Items of a natively imported result: strings hash as raw text, lists as JSON.
    private static readonly string[] s_nativeItems =
    [
        "\"What is the capital of France?\"",
        "\"unicode string ✓ 🎉\"",
        """[1, "two", 3.0, null, [true]]""",
    ];

    private const string PythonDigest = """
        import sys, json, hashlib, base64
        for line in sys.stdin.read().splitlines():
            item = json.loads(line)
            text = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
            d = base64.urlsafe_b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode().rstrip("=")
            print(d.replace("-", "X").replace("_", "Y"))
        """;

    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RowDigests_EqualPythonsForTheSameItems()
    {
        var api = new WeaveApi(_server.Http);
        var weaveRun = await api.CreateRunAsync();
        foreach (var inputs in s_inputs)
        {
            await api.PredictAsync(weaveRun, inputs, "\"out\"");
        }
        var lines = s_nativeItems.Select((item, i) => $$$"""{"row_index": {{{i}}}, "item": {{{item}}}, "sample": {}, "metrics": {}}""");
        var native = await _server.Store.ImportResultAsync(WeaveApi.Entity,
            new RunSpec { Name = "native-items", Project = WeaveApi.Project, Kind = ResultKind.Evaluation }, Rows.Parse(lines));

        var items = s_inputs.Concat(s_nativeItems).ToArray();
        var expected =
            (await Python.RunAsync(PythonDigest, string.Join('\n', items) + "\n")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(items.Length, expected.Length);

        // The Weave-written run is still running: its pending predictions are digested on read, the native run's on ingest.
        var answer = await api.QueryAsync($$"""{"evaluation_run_ids": ["{{weaveRun}}", "{{native.Id}}"], "include_raw_data_rows": true}""");
        var rows = answer["rows"]!.AsArray().ToDictionary(r => (string)r!["row_digest"]!, r => r!["raw_data_row"]);
        Assert.Equal(items.Length, rows.Count);
        for (var i = 0; i < items.Length; i++)
        {
            Assert.True(rows.TryGetValue(expected[i], out var raw), $"no row with Python's digest {expected[i]} for item {items[i]}");
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(items[i]), raw), $"row {expected[i]} holds {raw?.ToJsonString()}, not {items[i]}");
        }

        // Finishing turns the predictions into rows; the digests stay the same.
        await api.FinishAsync(weaveRun);
        var finished = await api.QueryAsync($$"""{"evaluation_run_ids": ["{{weaveRun}}"]}""");
        Assert.Equal(expected.Take(s_inputs.Length).Order(StringComparer.Ordinal),
            finished["rows"]!.AsArray().Select(r => (string)r!["row_digest"]!));
    }
}
