using System.Buffers;
using System.Text;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.Tests.Json;

public sealed class JsonArrayWalkerTests
{
    private const string Document = """
        {"version": 2, "eval": {"task": "t", "note": "quote \" and brace { inside"},
         "samples": [{"id": 1, "text": "a\"b"}, [1, [2, {"x": "]"}]], "plain", 42, null],
         "results": {"scores": [{"name": "m", "value": 0.5}]}}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Elements_AndTheRestWithoutThem_SurviveAnyReadSize(int chunk)
    {
        var rest = new ArrayBufferWriter<byte>();
        var elements = new List<string>();
        await using (var writer = new Utf8JsonWriter(rest))
        {
            var walker = new JsonArrayWalker(new TrickleStream(Document, chunk), ["samples"], writer, "doc.json");
            while (await walker.NextAsync(CancellationToken.None) is { } element)
            {
                elements.Add(Encoding.UTF8.GetString(element));
            }
            Assert.True(walker.ArraySeen);
        }
        Assert.Equal(["""{"id": 1, "text": "a\"b"}""", """[1, [2, {"x": "]"}]]""", "\"plain\"", "42", "null"], elements);
        using var header = JsonDocument.Parse(rest.WrittenMemory);
        Assert.Equal(0, header.RootElement.GetProperty("samples").GetArrayLength());
        Assert.Equal("quote \" and brace { inside", header.RootElement.GetProperty("eval").GetProperty("note").GetString());
        Assert.Equal(0.5, header.RootElement.GetProperty("results").GetProperty("scores")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task NestedPathAndRootArray()
    {
        var nested = new JsonArrayWalker(
            new TrickleStream("""{"evalId": "e", "results": {"version": 3, "results": [{"a": 1}, {"a": 2}], "stats": {}}}""", 2),
            ["results", "results"], null, "out.json");
        Assert.Equal(2, await nested.SkipToEndAsync(CancellationToken.None));

        var root = new JsonArrayWalker(new TrickleStream("""[{"doc_id": 0}, {"doc_id": 1}, {"doc_id": 2}]""", 5), [], null, "samples.json");
        Assert.Equal(3, await root.SkipToEndAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TruncatedDocument_NamesFileAndByte()
    {
        var walker = new JsonArrayWalker(new TrickleStream(Document[..80], 7), ["samples"], null, "cut.json");
        var error = await Assert.ThrowsAsync<EvalstoreException>(() => walker.SkipToEndAsync(CancellationToken.None));
        Assert.StartsWith("cut.json: ", error.Detail, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Detail, StringComparison.Ordinal);
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, so every token can straddle a refill.</summary>
    private sealed class TrickleStream(string text, int chunk) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
