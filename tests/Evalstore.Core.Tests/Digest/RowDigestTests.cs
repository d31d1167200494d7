using System.Text.Json;
using Evalstore.Core.Digest;

namespace Evalstore.Core.Tests.Digest;

public sealed class RowDigestTests
{
    // Each line is one item as it would arrive in a row's "item" field.
    private static readonly string[] s_items =
    [
        """{"input": "What is 2+2?", "reference": "4"}""",
        """{"b": 1, "a": 2, "c": {"z": [1, 2, {"y": null, "x": true}], "a": false}}""",
        """{"text": "café ünïcödé", "emoji": "🚀🔥 ok"}""",
        """{"🚀": 1, "\ue000": 2, "a": 3, "é": 4}""",
        """{"quote": "she said \"hi\"", "backslash": "C:\\path\\to", "ctrl": "tab\tnl\ncr\rbs\bff\f"}""",
        """{"control": "\u0001\u001f\u007f"}""",
        """{"big": 123456789012345678901234567890, "neg": -42, "zero": 0, "negzero": -0}""",
        """{"f": 1.0, "g": 1e-05, "h": 1e16, "i": 1e15, "j": 0.30000000000000004}""",
        """{"sum": 0.1, "tiny": 5e-324, "max": 1.7976931348623157e308, "exp": 1E5, "neg": -2.5e-7}""",
        """{"floats": [0.0001, 0.00001, 123.456, 100.0, 1.5e300, 12345678901234567.0]}""",
        """{"t": true, "f": false, "n": null}""",
        """{"empty_obj": {}, "empty_arr": [], "empty_str": ""}""",
        """{}""",
        """[]""",
        """[1, "two", 3.0, null, [true]]""",
        "\"What is the capital of France?\"",
        "\"\"",
        "\"unicode string ✓ 🎉\"",
        """{"nested": {"deep": {"deeper": {"deepest": [[[[]]]]}}}}""",
        """{"chinese": "你好世界", "arabic": "مرحبا", "hebrew": "שלום"}""",
        """{"surrogates": "𝕳𝖊𝖑𝖑𝖔", "mixed": "a𝕳b"}""",
        """{"spaces in key": 1, "UPPER": 2, "lower": 3, "123": 4, "_u": 5}""",
        """{"dup": 1, "dup": 2}""",
        """{"neg_float": -0.0, "one_third": 0.3333333333333333, "two_thirds": 0.6666666666666666}""",
        """{"escaped_unicode_in_source": "\u00e9\u4e2d\ud83d\ude00"}""",
        """{"slash": "a/b", "html": "<b>&amp;</b>", "apos": "it's"}""",
        """{"list_of_objects": [{"b": 2, "a": 1}, {"d": 4, "c": 3}]}""",
        """{"id": 17, "question": "2+2?", "choices": ["3", "4", "5"], "answer": 1, "meta": {"source": "gsm8k", "difficulty": 0.25}}""",
        """{"large_neg_int": -98765432109876543210, "small": 1e-320, "round": 2.0e0}""",
        """{"x": 1e+16, "y": 9999999999999998.0, "z": 1e-4, "w": 0.001}""",
        """{"ws": "  leading and trailing  ", "newline_key\n": "v"}""",
        "\"string with \\\"quotes\\\" and \\\\ backslash\"",
        """{"percent": "100%", "hash": "#tag", "dollar": "$5"}""",
    ];

    private const string PythonDigest = """
        import sys, json, hashlib, base64
        for line in sys.stdin.read().splitlines():
            item = json.loads(line)
            text = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
            d = base64.urlsafe_b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode().rstrip("=")
            print(d.replace("-", "X").replace("_", "Y") + "\t" + json.dumps(text))
        """;

    [Fact]
    public void Compute_MatchesPythonOnVariedItems()
    {
        Assert.True(s_items.Length >= 30);
        var output = PythonRunner.Run(PythonDigest, string.Join('\n', s_items) + "\n");
        var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(s_items.Length, expected.Length);
        for (var i = 0; i < s_items.Length; i++)
        {
            using var document = JsonDocument.Parse(s_items[i]);
            var parts = expected[i].Split('\t');
            var pythonText = JsonSerializer.Deserialize<string>(parts[1]);
            if (document.RootElement.ValueKind != JsonValueKind.String)
            {
                Assert.Equal(pythonText, PythonJson.Dumps(document.RootElement));
            }
            Assert.True(parts[0] == RowDigest.Compute(document.RootElement), $"digest differs for item {i}: {s_items[i]}");
        }
    }

    [Fact]
    public void Compute_IsFortyThreeAlphanumericCharacters()
    {
        using var document = JsonDocument.Parse("""{"input": "x"}""");
        var digest = RowDigest.Compute(document.RootElement);
        Assert.Equal(43, digest.Length);
        Assert.True(RowDigest.IsWellFormed(digest));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(123.456, "123.456")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.0001, "0.0001")]
    public void FloatRepr_MatchesPythonRepr(double value, string expected) =>
        Assert.Equal(expected, PythonJson.FloatRepr(value));
}
