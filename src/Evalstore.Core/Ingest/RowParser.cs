using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Validates one line of the ingest format (NeMo's row-scores shape plus extensions) and turns it into an
/// <see cref="IngestRow"/>. Every problem is a 400 naming the line and the JSON path, so a bad batch can be fixed
/// without guessing.
/// </summary>
public sealed class RowParser
{
    /// <summary>Deepest JSON nesting accepted in one line.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = MaxDepth };
    private readonly ScoreTyping _typing;
    private readonly List<string> _names = [];
    private readonly ArrayBufferWriter<byte> _body = new(256);
    private static readonly string[] s_fields =
        ["row_index", "trial", "row_digest", "item", "sample", "metrics", "requests", "usage", "chunks", "latency_ms", "metric_errors"];
    private static readonly byte[][] s_fieldBytes = [.. s_fields.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Creates a parser that checks score values against the run's metric declarations.</summary>
    public RowParser(IReadOnlyList<MetricDeclaration>? declarations = null) => _typing = new ScoreTyping(declarations);

    /// <summary>Parses one line; <paramref name="lineNumber"/> is 1-based and only used in error messages.</summary>
    public IngestRow Parse(ReadOnlyMemory<byte> line, long lineNumber)
    {
        try
        {
            var rewritten = NonFiniteLiterals.Rewrite(line.Span);
            var json = rewritten ?? line;
            LineLimits.Check(json.Span, MaxDepth);
            using var document = JsonDocument.Parse(json, s_options);
            var row = Read(document.RootElement);
            row.LineNumber = lineNumber;
            return row;
        }
        catch (JsonException e)
        {
            var where = e.BytePositionInLine is { } position ? $" at byte {position + 1}" : "";
            var reason = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0];
            throw Located(lineNumber, $"malformed JSON{where}: {reason}");
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reports invalid UTF-8 inside strings this way.
            throw Located(lineNumber, $"invalid text: {e.Message}");
        }
        catch (EvalstoreException e) when (!e.Extensions.ContainsKey("line"))
        {
            var located = Located(lineNumber, e.Detail);
            foreach (var (name, value) in e.Extensions)
            {
                located.Extensions[name] = value;
            }
            throw located;
        }
    }

    private static EvalstoreException Located(long lineNumber, string detail) =>
        EvalstoreException.BadRequest($"line {lineNumber}: {detail}").With("line", lineNumber);

    private IngestRow Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw EvalstoreException.BadRequest($"expected a JSON object, found {Describe(root.ValueKind)}");
        }
        long? rowIndex = null;
        var trial = 0;
        JsonElement? item = null;
        var hasSample = false;
        var hasMetrics = false;
        var errorCount = 0;
        double? latency = null;
        var scores = new List<RowScoreEntry>(4);
        // One buffer per parser, reused: IngestRow copies the body out.
        var body = _body;
        body.ResetWrittenCount();
        body.Write("{"u8);
        var firstBodyMember = true;

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (Field(property))
            {
                case "row_index":
                    rowIndex = value.ValueKind == JsonValueKind.Null ? null
                        : NonNegativeInteger(value, "row_index", RowPosition.MaxRowIndex);
                    continue;
                case "trial":
                    trial = value.ValueKind == JsonValueKind.Null ? 0 : (int)NonNegativeInteger(value, "trial", RowPosition.MaxTrial);
                    continue;
                case "row_digest":
                    continue; // always recomputed from the item
                case "item":
                    if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    {
                        throw EvalstoreException.BadRequest("'item' must be a JSON object or string, not null");
                    }
                    item = value;
                    continue;
                case "sample":
                    Expect(value, JsonValueKind.Object, "sample");
                    hasSample = true;
                    break;
                case "metrics":
                    Expect(value, JsonValueKind.Object, "metrics");
                    ReadMetrics(value, scores);
                    hasMetrics = true;
                    break;
                case "requests":
                    ExpectOrNull(value, JsonValueKind.Array, "requests");
                    break;
                case "usage":
                    ExpectOrNull(value, JsonValueKind.Object, "usage");
                    break;
                case "chunks":
                    ExpectOrNull(value, JsonValueKind.Array, "chunks");
                    break;
                case "latency_ms":
                    if (value.ValueKind != JsonValueKind.Null
                        && (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble())))
                    {
                        throw EvalstoreException.BadRequest($"'latency_ms' must be a finite number, found {Describe(value.ValueKind)}");
                    }
                    latency = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
                    break;
                case "metric_errors":
                    errorCount = CountErrors(value);
                    break;
            }
            if (!firstBodyMember)
            {
                body.Write(","u8);
            }
            firstBodyMember = false;
            body.Write("\""u8);
            body.Write(JsonMarshal.GetRawUtf8PropertyName(property));
            body.Write("\":"u8);
            body.Write(JsonMarshal.GetRawUtf8Value(value));
        }
        body.Write("}"u8);

        if (item is not { } itemValue)
        {
            throw EvalstoreException.BadRequest("'item' is required (the dataset row: a JSON object or string)");
        }
        if (!hasSample)
        {
            throw EvalstoreException.BadRequest("'sample' is required (the model output, a JSON object; {} when there is none)");
        }
        if (!hasMetrics)
        {
            throw EvalstoreException.BadRequest("'metrics' is required (an object of metric key to a list of {name, value} scores)");
        }
        if (latency is { } milliseconds && !scores.Exists(s => s.Metric == BuiltInScores.LatencyMs))
        {
            scores.Add(new RowScoreEntry(BuiltInScores.LatencyMs, BuiltInScores.LatencyMs, ScoreValue.Of(milliseconds)));
        }
        var digest = RowDigest.Compute(itemValue);
        return new IngestRow(rowIndex, trial, digest, JsonMarshal.GetRawUtf8Value(itemValue), body.WrittenSpan, scores, errorCount);
    }

    /// <summary>
    /// The known field a property names, or null: compared on the raw UTF-8 name (escapes handled by NameEquals), so the
    /// five or so top-level names of every row are not made into strings.
    /// </summary>
    private static string? Field(JsonProperty property)
    {
        for (var i = 0; i < s_fieldBytes.Length; i++)
        {
            if (property.NameEquals(s_fieldBytes[i]))
            {
                return s_fields[i];
            }
        }
        return null;
    }

    private void ReadMetrics(JsonElement metrics, List<RowScoreEntry> scores)
    {
        HashSet<(string, string)>? seen = null;
        foreach (var metric in metrics.EnumerateObject())
        {
            var metricKey = Intern(metric);
            if (metricKey.Length == 0)
            {
                throw EvalstoreException.BadRequest("a metric key in 'metrics' is empty: name the metric");
            }
            if (metric.Value.ValueKind != JsonValueKind.Array)
            {
                throw EvalstoreException.BadRequest(
                    $"'metrics.{metricKey}' must be a list of {{name, value}} scores, found {Describe(metric.Value.ValueKind)}");
            }
            var index = 0;
            foreach (var score in metric.Value.EnumerateArray())
            {
                var path = new ScorePath(metricKey, index++);
                if (score.ValueKind != JsonValueKind.Object)
                {
                    throw EvalstoreException.BadRequest($"'{path}' must be an object {{name, value}}, found {Describe(score.ValueKind)}");
                }
                if (!score.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw EvalstoreException.BadRequest($"'{path}.name' is required and must be a string");
                }
                if (!score.TryGetProperty("value"u8, out var value))
                {
                    throw EvalstoreException.BadRequest($"'{path}.value' is required (use null or \"NaN\" for a missing score)");
                }
                if (score.TryGetProperty("reasoning"u8, out var reasoning) && reasoning.ValueKind
                    is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    throw EvalstoreException.BadRequest($"'{path}.reasoning' must be a string");
                }
                var scoreName = Intern(name);
                if (scoreName.Length == 0)
                {
                    throw EvalstoreException.BadRequest($"'{path}.name' is empty: name the score");
                }
                if (IsRepeated(scores, ref seen, metricKey, scoreName))
                {
                    throw EvalstoreException.BadRequest($"score '{metricKey}:{scoreName}' appears twice in the row");
                }
                scores.Add(new RowScoreEntry(metricKey, scoreName, _typing.Read(metricKey, scoreName, value, path)));
            }
        }
    }

    // Rows carry a handful of scores, where a scan beats hashing; a row of thousands must not cost a scan per score.
    private static bool IsRepeated(List<RowScoreEntry> scores, ref HashSet<(string, string)>? seen, string metric, string name)
    {
        if (seen is null)
        {
            if (scores.Count < 16)
            {
                return scores.Exists(s => string.Equals(s.Metric, metric, StringComparison.Ordinal)
                    && string.Equals(s.Name, name, StringComparison.Ordinal));
            }
            seen = new HashSet<(string, string)>(scores.Select(s => (s.Metric, s.Name)));
        }
        return !seen.Add((metric, name));
    }

    private static int CountErrors(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }
        Expect(value, JsonValueKind.Object, "metric_errors");
        var count = 0;
        foreach (var error in value.EnumerateObject())
        {
            if (error.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                throw EvalstoreException.BadRequest($"'metric_errors.{error.Name}' must be a string");
            }
            count += error.Value.ValueKind == JsonValueKind.String ? 1 : 0;
        }
        return count;
    }

    // Metric keys and score names repeat on every row; reuse the strings instead of allocating them each time.
    private string Intern(JsonProperty property)
    {
        foreach (var known in _names)
        {
            if (property.NameEquals(known))
            {
                return known;
            }
        }
        return Remember(property.Name);
    }

    private string Intern(JsonElement text)
    {
        foreach (var known in _names)
        {
            if (text.ValueEquals(known))
            {
                return known;
            }
        }
        return Remember(text.GetString()!);
    }

    private string Remember(string name)
    {
        name = Names.Label(name);
        if (_names.Count < 256)
        {
            _names.Add(name);
        }
        return name;
    }

    private static long NonNegativeInteger(JsonElement value, string field, long max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0 || number > max)
        {
            throw EvalstoreException.BadRequest($"'{field}' must be an integer from 0 to {max}, found {value.GetRawText()}");
        }
        return number;
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string field)
    {
        if (value.ValueKind != kind)
        {
            throw EvalstoreException.BadRequest($"'{field}' must be {Describe(kind)}, found {Describe(value.ValueKind)}");
        }
    }

    private static void ExpectOrNull(JsonElement value, JsonValueKind kind, string field)
    {
        if (value.ValueKind != JsonValueKind.Null)
        {
            Expect(value, kind, field);
        }
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
