using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.LmEval;

/// <summary>
/// One sample line of lm-eval as an ingest row: <c>doc</c> is the item (so its digest joins runs of the same task),
/// <c>doc_id</c> the row index, <c>target</c> the sample's <c>reference</c>, <c>filtered_resps</c> (and the first
/// generated text as <c>output_text</c>) the sample, each <c>arguments.gen_args_N</c> with its <c>resps[N]</c> a request,
/// and each per-row metric a score. Structured values (f1's [gold, pred]) become text labels.
/// </summary>
/// <remarks>
/// For a group's benchmark result, <paramref name="groupKeys"/> names the metric keys each row is scored under (its task
/// and the groups above it), each holding every per-row metric as a score; the store then numbers the rows, since
/// <c>doc_id</c>s repeat across tasks.
/// </remarks>
internal sealed class LmEvalRowMapper(IReadOnlyList<string> metrics, IReadOnlyDictionary<string, ValueShape> shapes,
    IReadOnlyList<string>? groupKeys = null)
{
    public IngestRow Map(JsonElement line, IngestLineWriter rows, long number)
    {
        var rowIndex = groupKeys is null && line.TryGetProperty("doc_id", out var docId) && docId.TryGetInt64(out var id) && id >= 0 ? id
            : (long?)null;
        var writer = rows.Begin(rowIndex, 0);
        writer.WritePropertyName("item"u8);
        if (line.TryGetProperty("doc", out var doc))
        {
            doc.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue(); // the parser reports the missing item with the line number
        }
        WriteSample(writer, line);
        WriteRequests(writer, line);
        writer.WriteStartObject("metrics"u8);
        foreach (var key in groupKeys ?? [])
        {
            writer.WriteStartArray(key);
            foreach (var metric in metrics.Where(m => line.TryGetProperty(m, out _)))
            {
                var asText = shapes.GetValueOrDefault(metric) is ValueShape.Text or ValueShape.Struct;
                ScoreWriting.Score(writer, metric, w => WriteValue(w, line.GetProperty(metric), asText));
            }
            writer.WriteEndArray();
        }
        foreach (var metric in groupKeys is null ? metrics : [])
        {
            if (!line.TryGetProperty(metric, out var value))
            {
                continue;
            }
            writer.WriteStartArray(metric);
            var asText = shapes.GetValueOrDefault(metric) is ValueShape.Text or ValueShape.Struct;
            ScoreWriting.Score(writer, metric, w => WriteValue(w, value, asText));
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        return rows.Finish(number);
    }

    private void WriteSample(Utf8JsonWriter writer, JsonElement line)
    {
        writer.WriteStartObject("sample"u8);
        if (line.TryGetProperty("filtered_resps", out var filtered) && filtered.ValueKind == JsonValueKind.Array
            && filtered.GetArrayLength() > 0 && filtered[0].ValueKind == JsonValueKind.String)
        {
            writer.WriteString("output_text"u8, filtered[0].GetString());
        }
        if (line.TryGetProperty("target", out var target))
        {
            writer.WritePropertyName("reference"u8);
            target.WriteTo(writer);
        }
        foreach (var member in line.EnumerateObject())
        {
            // Everything else the harness wrote about the sample (hashes, filter, extra fields such as a patched
            // model's "hallucination") stays with it; doc, arguments, resps and the metrics have their own places.
            if (member.NameEquals("doc") || member.NameEquals("doc_id") || member.NameEquals("target") || member.NameEquals("arguments")
                || member.NameEquals("resps") || member.NameEquals("metrics") || metrics.Contains(member.Name))
            {
                continue;
            }
            member.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private static void WriteRequests(Utf8JsonWriter writer, JsonElement line)
    {
        if (!line.TryGetProperty("arguments", out var arguments) || arguments.ValueKind
            is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return;
        }
        var responses = line.TryGetProperty("resps", out var resps) && resps.ValueKind == JsonValueKind.Array ? resps : default;
        writer.WriteStartArray("requests"u8);
        var index = 0;
        var requests = arguments.ValueKind == JsonValueKind.Object
            ? arguments.EnumerateObject().Select(p => p.Value)
            : arguments.EnumerateArray();
        foreach (var request in requests)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("arguments"u8);
            request.WriteTo(writer);
            if (responses.ValueKind == JsonValueKind.Array && index < responses.GetArrayLength())
            {
                writer.WritePropertyName("response"u8);
                responses[index].WriteTo(writer);
            }
            writer.WriteEndObject();
            index++;
        }
        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement value, bool asText)
    {
        if (asText && value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteStringValue(value.GetRawText());
            return;
        }
        ScoreWriting.HarnessValue(writer, value);
    }
}
