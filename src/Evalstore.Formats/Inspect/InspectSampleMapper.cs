using System.Globalization;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.Inspect;

/// <summary>
/// One inspect sample (one epoch of one dataset sample) as an ingest row: the item is <c>{id, input, target[, choices]}</c>
/// (chat inputs without their per-run message ids, so the digest joins runs), the epoch the trial, the first choice's
/// text the output, the conversation the requests, and each scorer a metric whose values map as inspect's
/// <c>value_to_float</c> does: C → true (1), I → false (0), P → 0.5, N → 0, numbers as they are; a dict-valued
/// scorer gives one score per key. The explanation is the reasoning.
/// </summary>
internal sealed class InspectSampleMapper(IReadOnlyDictionary<string, long> rowIndexes)
{
    private readonly Dictionary<string, long> _seen = new(rowIndexes, StringComparer.Ordinal);
    private long _next = rowIndexes.Count == 0 ? 0 : rowIndexes.Values.Max() + 1;

    public IngestRow Map(JsonElement sample, IngestLineWriter rows, long entryNumber)
    {
        var id = sample.TryGetProperty("id", out var idValue) ? IdText(idValue) : entryNumber.ToString(CultureInfo.InvariantCulture);
        if (!_seen.TryGetValue(id, out var rowIndex))
        {
            rowIndex = _next++;
            _seen[id] = rowIndex;
        }
        var epoch = sample.TryGetProperty("epoch", out var e) && e.TryGetInt32(out var n) ? n : 1;
        var writer = rows.Begin(rowIndex, Math.Max(0, epoch - 1));
        WriteItem(writer, sample, idValue);
        WriteSample(writer, sample);
        if (sample.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            writer.WritePropertyName("requests"u8);
            messages.WriteTo(writer);
        }
        WriteUsage(writer, sample);
        if (sample.TryGetProperty("total_time", out var time) && time.ValueKind == JsonValueKind.Number)
        {
            writer.WriteNumber("latency_ms"u8, Math.Round(time.GetDouble() * 1000, 3));
        }
        writer.WriteStartObject("metrics"u8);
        if (sample.TryGetProperty("scores", out var scores) && scores.ValueKind == JsonValueKind.Object)
        {
            foreach (var scorer in scores.EnumerateObject())
            {
                WriteScorer(writer, scorer);
            }
        }
        writer.WriteEndObject();
        if (sample.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            writer.WriteStartObject("metric_errors"u8);
            writer.WriteString("sample"u8, error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                ? message.ToString() : error.ToString());
            writer.WriteEndObject();
        }
        return rows.Finish(entryNumber);
    }

    /// <summary>A sample id as text: numbers and strings alike.</summary>
    public static string IdText(JsonElement id) => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();

    private static void WriteItem(Utf8JsonWriter writer, JsonElement sample, JsonElement id)
    {
        writer.WriteStartObject("item"u8);
        if (id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            writer.WritePropertyName("id"u8);
            id.WriteTo(writer);
        }
        if (sample.TryGetProperty("input", out var input))
        {
            writer.WritePropertyName("input"u8);
            WriteWithoutMessageIds(writer, input);
        }
        foreach (var name in new[] { "target", "choices" })
        {
            if (sample.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    // Chat messages carry ids generated on every run; dropping them keeps the item the same across runs.
    private static void WriteWithoutMessageIds(Utf8JsonWriter writer, JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Array)
        {
            input.WriteTo(writer);
            return;
        }
        writer.WriteStartArray();
        foreach (var message in input.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                message.WriteTo(writer);
                continue;
            }
            writer.WriteStartObject();
            foreach (var member in message.EnumerateObject().Where(m => !m.NameEquals("id")))
            {
                member.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteSample(Utf8JsonWriter writer, JsonElement sample)
    {
        writer.WriteStartObject("sample"u8);
        if (sample.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Object)
        {
            if (OutputText(output) is { } text)
            {
                writer.WriteString("output_text"u8, text);
            }
            CopyMember(writer, output, "model");
            if (output.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0)
            {
                CopyMember(writer, choices[0], "stop_reason");
            }
        }
        if (sample.TryGetProperty("scores", out var scores) && scores.ValueKind == JsonValueKind.Object)
        {
            // The scorers' own values (letters such as "C") and answers, beside the numbers stored as scores.
            writer.WriteStartObject("scores"u8);
            foreach (var scorer in scores.EnumerateObject())
            {
                writer.WriteStartObject(scorer.Name);
                if (scorer.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var member in scorer.Value.EnumerateObject().Where(m => !m.NameEquals("explanation")))
                    {
                        member.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        foreach (var name in new[] { "metadata", "error", "total_time", "working_time", "uuid", "error_retries" })
        {
            CopyMember(writer, sample, name);
        }
        writer.WriteEndObject();
    }

    private static string? OutputText(JsonElement output)
    {
        if (!output.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content))
        {
            return output.TryGetProperty("completion", out var completion) && completion.ValueKind == JsonValueKind.String
                ? completion.GetString() : null;
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }
        var text = new StringBuilder();
        foreach (var part in content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : default)
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var piece)
                && piece.ValueKind == JsonValueKind.String)
            {
                text.Append(piece.GetString());
            }
        }
        return text.ToString();
    }

    private static void WriteUsage(Utf8JsonWriter writer, JsonElement sample)
    {
        long input = 0, output = 0, total = 0;
        var found = false;
        if (sample.TryGetProperty("model_usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            foreach (var model in usage.EnumerateObject())
            {
                found = true;
                input += Tokens(model.Value, "input_tokens");
                output += Tokens(model.Value, "output_tokens");
                total += Tokens(model.Value, "total_tokens");
            }
        }
        else if (sample.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("usage", out var single)
                 && single.ValueKind == JsonValueKind.Object)
        {
            found = true;
            (input, output, total) = (Tokens(single, "input_tokens"), Tokens(single, "output_tokens"), Tokens(single, "total_tokens"));
        }
        if (found)
        {
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("input_tokens"u8, input);
            writer.WriteNumber("output_tokens"u8, output);
            writer.WriteNumber("total_tokens"u8, total);
            writer.WriteEndObject();
        }
    }

    private static long Tokens(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var tokens) ? tokens : 0;

    private static void WriteScorer(Utf8JsonWriter writer, JsonProperty scorer)
    {
        var score = scorer.Value;
        var value = score.ValueKind == JsonValueKind.Object && score.TryGetProperty("value", out var v) ? v : default;
        var explanation =
            score.ValueKind == JsonValueKind.Object && score.TryGetProperty("explanation", out var x) && x.ValueKind == JsonValueKind.String
            ? x.GetString() : null;
        writer.WriteStartArray(scorer.Name);
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var part in value.EnumerateObject())
            {
                ScoreWriting.Score(writer, part.Name, w => InspectScoreValue.Write(w, part.Value), explanation);
            }
        }
        else
        {
            ScoreWriting.Score(writer, scorer.Name, w => InspectScoreValue.Write(w, value), explanation);
        }
        writer.WriteEndArray();
    }

    private static void CopyMember(Utf8JsonWriter writer, JsonElement owner, string name)
    {
        if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
