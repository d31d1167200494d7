using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.LmEval;

/// <summary>How a per-row metric's values look across a samples file, which decides its declared score type.</summary>
internal enum ValueShape
{
    /// <summary>Only nulls so far.</summary>
    Empty,
    /// <summary>Booleans or the numbers 0 and 1.</summary>
    Binary,
    /// <summary>Any numbers.</summary>
    Number,
    /// <summary>Strings (labels).</summary>
    Text,
    /// <summary>Lists or objects, e.g. f1's [gold, pred]: kept as their JSON text, a corpus-level metric.</summary>
    Struct,
}

/// <summary>What one pass over a samples file found: its lines, filters and metrics with their value shapes.</summary>
internal sealed record LmEvalSamplesScan(long Lines, IReadOnlyList<string> Filters, IReadOnlyList<string> Metrics,
    IReadOnlyDictionary<string, ValueShape> Shapes, IReadOnlyDictionary<string, PairCounts> Pairs);

/// <summary>Counts of a structured metric whose every value is a [gold, pred] pair of 0/1 (a binary confusion matrix).</summary>
internal sealed class PairCounts
{
    public long TruePositive { get; set; }
    public long FalsePositive { get; set; }
    public long FalseNegative { get; set; }
    public bool Valid { get; set; } = true;

    /// <summary>Binary F1 (positive class 1), as sklearn's <c>f1_score</c> that lm-eval's f1 aggregation calls.</summary>
    public double? F1 => Valid && 2 * TruePositive + FalsePositive + FalseNegative > 0
        ? 2.0 * TruePositive / (2 * TruePositive + FalsePositive + FalseNegative) : null;

    public void Add(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2 || !Bit(value[0], out var gold)
            || !Bit(value[1], out var pred))
        {
            Valid = false;
            return;
        }
        TruePositive += gold && pred ? 1 : 0;
        FalsePositive += !gold && pred ? 1 : 0;
        FalseNegative += gold && !pred ? 1 : 0;
    }

    private static bool Bit(JsonElement value, out bool bit)
    {
        bit = value.ValueKind == JsonValueKind.Number && value.GetDouble() == 1;
        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is 0 or 1;
    }
}

/// <summary>
/// The <c>samples_&lt;task&gt;_&lt;timestamp&gt;.jsonl</c> files written beside a results file: finding the one of a task,
/// scanning it once for its metrics, and reading it line by line (JSONL, or the JSON array of harness versions
/// before 0.4.2, whatever the extension says).
/// </summary>
internal static class LmEvalSamples
{
    /// <summary>Members of a sample line that are not per-row metrics.</summary>
    public static readonly HashSet<string> StandardFields = new(StringComparer.Ordinal)
    {
        "doc_id", "doc", "target", "arguments", "resps", "filtered_resps", "doc_hash", "prompt_hash", "target_hash", "filter", "metrics",
    };

    /// <summary>The samples file of a task: same directory (or given beside it), same timestamp when the results file names one.</summary>
    public static string? Find(string resultsPath, IReadOnlyList<string> companions, string task, string? timestamp)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(resultsPath))!;
        var prefix = $"samples_{task}_";
        var candidates = Directory.EnumerateFiles(directory, prefix + "*")
            .Concat(companions.Where(c => Path.GetFileName(c).StartsWith(prefix, StringComparison.Ordinal)))
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Where(path =>
            {
                // "samples_mmlu_" also starts "samples_mmlu_stem_…": what follows the task must be a timestamp.
                var rest = Path.GetFileName(path)[prefix.Length..];
                var stem = rest.EndsWith(".jsonl", StringComparison.Ordinal) ? rest[..^6] : rest.EndsWith(".json", StringComparison.Ordinal)
                    ? rest[..^5] : null;
                return stem is not null && LmEvalRun.TimestampPattern().Match(stem) is { Success: true } match
                    && match.Length == stem.Length;
            })
            .Order(StringComparer.Ordinal)
            .ToList();
        var sameTime = candidates.Where(c => Path.GetFileName(c).Contains(timestamp ?? "\0", StringComparison.Ordinal)).ToList();
        return sameTime.Count > 0 ? sameTime[0] : candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>One pass over the file: line count, filters, metric names (the <c>metrics</c> list, else the non-standard keys) and
    /// shapes.</summary>
    public static async Task<LmEvalSamplesScan> ScanAsync(string path, CancellationToken cancellationToken)
    {
        long lines = 0;
        var filters = new List<string>();
        var metrics = new List<string>();
        var shapes = new Dictionary<string, ValueShape>(StringComparer.Ordinal);
        var pairs = new Dictionary<string, PairCounts>(StringComparer.Ordinal);
        var listed = false;
        await foreach (var (document, _) in ReadAsync(path, null, cancellationToken))
        {
            using (document)
            {
                lines++;
                var root = document.RootElement;
                var filter = LmEvalRun.String(root, "filter") ?? "none";
                if (!filters.Contains(filter))
                {
                    filters.Add(filter);
                }
                if (root.TryGetProperty("metrics", out var names) && names.ValueKind == JsonValueKind.Array)
                {
                    listed = true;
                    foreach (var name in names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
                    {
                        AddOnce(metrics, name);
                    }
                }
                foreach (var member in root.EnumerateObject())
                {
                    if (StandardFields.Contains(member.Name) || (listed && !metrics.Contains(member.Name)))
                    {
                        continue;
                    }
                    AddOnce(metrics, member.Name);
                    shapes[member.Name] = Widen(shapes.GetValueOrDefault(member.Name), member.Value);
                    if (member.Value.ValueKind != JsonValueKind.Null)
                    {
                        (pairs.TryGetValue(member.Name, out var counts) ? counts : pairs[member.Name] = new PairCounts()).Add(member.Value);
                    }
                }
            }
        }
        // A metric named in a "metrics" list wins over keys guessed from earlier lines without one.
        var kept = listed ? metrics.Where(m => shapes.ContainsKey(m)).ToList() : metrics;
        return new LmEvalSamplesScan(lines, filters, kept, shapes, pairs.Where(p => p.Value.Valid).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Each line (or array element) as a parsed document with its 1-based line number; dispose each document.</summary>
    public static async IAsyncEnumerable<(JsonDocument Line, long Number)> ReadAsync(string path, IProgress<long>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        await using var stream = new CountingStream(File.OpenRead(path), progress);
        if (await StartsWithArrayAsync(path, cancellationToken))
        {
            var walker = new JsonArrayWalker(stream, [], null, name);
            while (await walker.NextAsync(cancellationToken) is { } element)
            {
                yield return (Parse(element, name, walker.Count, "entry"), walker.Count);
            }
            yield break;
        }
        await foreach (var (line, number) in JsonlReader.ReadLinesAsync(stream, int.MaxValue / 2, cancellationToken))
        {
            yield return (Parse(line, name, number, "line"), number);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> line, string name, long number, string unit)
    {
        try
        {
            var copy = NonFiniteLiterals.Rewrite(line.Span) ?? line.ToArray();
            var document = JsonDocument.Parse(copy, new JsonDocumentOptions { MaxDepth = 256 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new JsonException("expected a JSON object per sample");
            }
            return document;
        }
        catch (JsonException e)
        {
            throw EvalstoreException.BadRequest($"{name}: {unit} {number}: malformed sample: {e.Message.Split(" LineNumber:", 2)[0]}")
                .With("file", name).With(unit, number);
        }
        catch (EvalstoreException e)
        {
            throw EvalstoreException.BadRequest($"{name}: {unit} {number}: {e.Detail}").With("file", name).With(unit, number);
        }
    }

    private static async Task<bool> StartsWithArrayAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var buffer = new byte[512];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var text = buffer.AsSpan(0, read);
        text = text.StartsWith("\uFEFF"u8) ? text[3..] : text;
        text = text.TrimStart(" \t\r\n"u8);
        return !text.IsEmpty && text[0] == (byte)'[';
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static ValueShape Widen(ValueShape shape, JsonElement value)
    {
        var seen = value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => ValueShape.Binary,
            JsonValueKind.Number => value.GetDouble() is 0 or 1 ? ValueShape.Binary : ValueShape.Number,
            JsonValueKind.String => value.GetString() is "NaN" or "nan" ? ValueShape.Empty : ValueShape.Text,
            JsonValueKind.Array or JsonValueKind.Object => ValueShape.Struct,
            _ => ValueShape.Empty,
        };
        // Struct beats text beats number beats binary: the declared type must admit every value.
        return (ValueShape)Math.Max((int)shape, (int)seen);
    }
}
