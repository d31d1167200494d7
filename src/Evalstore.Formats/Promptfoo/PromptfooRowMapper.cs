using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.Promptfoo;

/// <summary>
/// One promptfoo result row (a test × prompt × provider) as an ingest row: <c>vars</c> is the item, the response the
/// sample, the row's <c>score</c> (a range score, with the grading reason) and <c>success</c> the <c>overall</c> metric,
/// and every assertion — nested <c>assert-set</c> members too, named <c>set/member</c> — a metric of its own with a
/// binary <c>pass</c> (with its reason) and its <c>score</c>. Rows that failed with an error carry it in
/// <c>metric_errors</c>.
/// </summary>
internal static class PromptfooRowMapper
{
    /// <summary>The metric of the row-level score and success.</summary>
    public const string Overall = "overall";

    private const int ErrorFailureReason = 2;

    public static IngestRow Map(JsonElement row, long? rowIndex, IngestLineWriter rows, long entry)
    {
        var writer = rows.Begin(rowIndex, 0);
        writer.WritePropertyName("item"u8);
        if (row.TryGetProperty("vars", out var vars) && vars.ValueKind == JsonValueKind.Object)
        {
            vars.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        WriteSample(writer, row);
        var response = Member(row, "response");
        if (Member(response, "tokenUsage") is { ValueKind: JsonValueKind.Object } tokens)
        {
            writer.WriteStartObject("usage"u8);
            CopyAs(writer, tokens, "prompt", "input_tokens");
            CopyAs(writer, tokens, "completion", "output_tokens");
            CopyAs(writer, tokens, "total", "total_tokens");
            CopyAs(writer, tokens, "cached", "cached_tokens");
            writer.WriteEndObject();
        }
        if (Member(row, "latencyMs") is { ValueKind: JsonValueKind.Number } latency)
        {
            writer.WriteNumber("latency_ms"u8, latency.GetDouble());
        }
        var grading = Member(row, "gradingResult");
        writer.WriteStartObject("metrics"u8);
        writer.WriteStartArray(Overall);
        ScoreWriting.Score(writer, "score", w => ScoreWriting.HarnessValue(w, Member(row, "score")), Text(grading, "reason"));
        ScoreWriting.Score(writer, "pass", w => ScoreWriting.HarnessValue(w, Member(row, "success")));
        writer.WriteEndArray();
        if (Member(grading, "componentResults") is { ValueKind: JsonValueKind.Array } components)
        {
            var definitions = Member(Member(row, "testCase"), "assert");
            WriteAssertions(writer, components, definitions, "", new HashSet<string>(StringComparer.Ordinal) { Overall });
        }
        writer.WriteEndObject();
        var failedWithError =
            Member(row, "failureReason") is { ValueKind: JsonValueKind.Number } reason && reason.GetInt32() == ErrorFailureReason;
        if (Text(row, "error") is { } error && (failedWithError || grading.ValueKind != JsonValueKind.Object))
        {
            writer.WriteStartObject("metric_errors"u8);
            writer.WriteString("provider"u8, error);
            writer.WriteEndObject();
        }
        return rows.Finish(entry);
    }

    // promptfoo lists an assert-set's members both inside the set and again flat after it; the flat copies are skipped
    // so that each assertion is counted once, as promptfoo's own assertPassCount does. A set's result carries no
    // assertion of its own; the test case's assert list, in the same order, names it.
    private static void WriteAssertions(
        Utf8JsonWriter writer, JsonElement components, JsonElement definitions, string prefix, HashSet<string> used)
    {
        var position = -1;
        var nested = components.EnumerateArray()
            .SelectMany(c => Member(c, "componentResults") is { ValueKind: JsonValueKind.Array } inner ? inner.EnumerateArray() : [])
            .ToList();
        foreach (var component in components.EnumerateArray())
        {
            position++;
            var isSet = Member(component, "componentResults").ValueKind == JsonValueKind.Array;
            if (!isSet && nested.Any(n => JsonElement.DeepEquals(n, component)))
            {
                continue;
            }
            var definition =
                definitions.ValueKind == JsonValueKind.Array && position < definitions.GetArrayLength() ? definitions[position] : default;
            var assertion = Member(component, "assertion") is { ValueKind: JsonValueKind.Object } own ? own : definition;
            var label = prefix + (Text(assertion, "metric") ?? Text(assertion, "type") ?? (isSet ? "assert-set" : "assertion"));
            var key = label;
            for (var n = 2; !used.Add(key); n++)
            {
                key = $"{label}#{n}";
            }
            writer.WriteStartArray(key);
            ScoreWriting.Score(writer, "pass", w => ScoreWriting.HarnessValue(w, Member(component, "pass")), Text(component, "reason"));
            ScoreWriting.Score(writer, "score", w => ScoreWriting.HarnessValue(w, Member(component, "score")));
            writer.WriteEndArray();
            if (isSet)
            {
                WriteAssertions(writer, Member(component, "componentResults"), Member(definition, "assert"), key + "/", used);
            }
        }
    }

    private static void WriteSample(Utf8JsonWriter writer, JsonElement row)
    {
        writer.WriteStartObject("sample"u8);
        var response = Member(row, "response");
        var output = Member(response, "output");
        if (output.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("output_text"u8, output.GetString());
        }
        else if (output.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            writer.WriteString("output_text"u8, ScoreWriting.CompactJson(output));
            writer.WritePropertyName("output"u8);
            output.WriteTo(writer);
        }
        CopyAs(writer, Member(row, "prompt"), "raw", "prompt");
        CopyAs(writer, Member(row, "prompt"), "label", "prompt_label");
        CopyAs(writer, Member(row, "provider"), "id", "provider");
        CopyAs(writer, response, "finishReason", "finish_reason");
        CopyAs(writer, response, "cached", "cached");
        CopyAs(writer, row, "success", "success");
        CopyAs(writer, row, "failureReason", "failure_reason");
        CopyAs(writer, row, "error", "error");
        CopyAs(writer, row, "cost", "cost");
        CopyAs(writer, row, "namedScores", "named_scores");
        CopyAs(writer, Member(row, "testCase"), "description", "test_description");
        CopyAs(writer, row, "testIdx", "test_idx");
        CopyAs(writer, row, "id", "id");
        writer.WriteEndObject();
    }

    private static JsonElement Member(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    private static void CopyAs(Utf8JsonWriter writer, JsonElement owner, string name, string asName)
    {
        if (Member(owner, name) is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } value)
        {
            writer.WritePropertyName(asName);
            value.WriteTo(writer);
        }
    }
}
