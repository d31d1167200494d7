using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evalstore.Resilience.Tests.Corpus;

/// <summary>
/// One hostile request from the corpus files (<c>Corpus/*.jsonl</c>, one case per line) and what the server must answer.
/// Paths and bodies may use <c>{ws}</c> (the corpus workspace), <c>{open}</c> (a running result with rows) and
/// <c>{done}</c> (a completed one); <see cref="Generate"/> builds bodies too large to keep in a file.
/// </summary>
public sealed record HostileCase
{
    /// <summary>Unique name, shown as the test case.</summary>
    public required string Name { get; init; }

    public string Method { get; init; } = "POST";

    public string Path { get; init; } = "api/v1/workspaces/{ws}/results/{open}/rows";

    public string ContentType { get; init; } = "application/json";

    /// <summary>The body as text (after placeholders), unless <see cref="BodyBase64"/> or <see cref="Generate"/> gives it.</summary>
    public string? Body { get; init; }

    /// <summary>The body as raw bytes, for bytes that are not valid UTF-8.</summary>
    public string? BodyBase64 { get; init; }

    /// <summary>A generated body: <c>keys:N</c>, <c>nodes:N</c>, <c>depth:N</c>, <c>line:N</c> (bytes) or <c>repeat:N:text</c>.</summary>
    public string? Generate { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>The status the server must answer.</summary>
    public required int Status { get; init; }

    /// <summary>Text the error detail (or, for a vendor surface, the body) must contain.</summary>
    public string? Detail { get; init; }

    /// <summary>Problem-details members the answer must carry with these values (e.g. <c>line</c>).</summary>
    public Dictionary<string, JsonElement> Members { get; init; } = [];

    /// <summary>
    /// <c>problem</c> (RFC 9457, the default), <c>vendor</c> (the vendor's own error body: status and text only) or
    /// <c>transport</c> (refused by Kestrel before the application runs: status only).
    /// </summary>
    public string Shape { get; init; } = "problem";

    public string Expand(string text, CorpusFixture fixture) => text
        .Replace("{ws}", CorpusFixture.Workspace, StringComparison.Ordinal)
        .Replace("{open}", fixture.Open.ToString(), StringComparison.Ordinal)
        .Replace("{done}", fixture.Done.ToString(), StringComparison.Ordinal);

    /// <summary>The request body bytes.</summary>
    public byte[] BodyBytes(CorpusFixture fixture)
    {
        if (BodyBase64 is not null)
        {
            return Convert.FromBase64String(BodyBase64);
        }
        if (Generate is null)
        {
            return Encoding.UTF8.GetBytes(Expand(Body ?? "", fixture));
        }
        var parts = Generate.Split(':', 3);
        var n = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(parts[0] switch
        {
            "keys" => Row("{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"k{i}\":{i}")) + "}"),
            "nodes" => Row("{\"xs\":[" + string.Join(",", Enumerable.Repeat("0", n)) + "]}"),
            "depth" => Row("{\"x\":" + new string('[', n) + new string(']', n) + "}"),
            "line" => Row("{\"text\":\"" + new string('x', n) + "\"}"),
            "repeat" => string.Concat(Enumerable.Repeat(parts[2].Replace("\\n", "\n", StringComparison.Ordinal), n)),
            _ => throw new InvalidOperationException($"Case {Name}: unknown generator '{Generate}'."),
        });
    }

    private static string Row(string item) =>
        $"{{\"item\":{item},\"sample\":{{}},\"metrics\":{{\"m\":[{{\"name\":\"s\",\"value\":1}}]}}}}\n";

    public override string ToString() => Name;

    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Every case of every corpus file, in file and line order.</summary>
    public static IReadOnlyList<HostileCase> All { get; } = Load();

    private static List<HostileCase> Load()
    {
        var cases = new List<HostileCase>();
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.jsonl")
            .Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                try
                {
                    cases.Add(JsonSerializer.Deserialize<HostileCase>(line, s_options)!);
                }
                catch (JsonException e)
                {
                    throw new InvalidOperationException($"{System.IO.Path.GetFileName(file)} line {number}: {e.Message}", e);
                }
            }
        }
        var duplicate = cases.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? cases : throw new InvalidOperationException($"Two corpus cases are named '{duplicate.Key}'.");
    }
}
