using System.Buffers;
using System.Text.Json;
using Evalstore.Core.Digest;
using Evalstore.Core.Model;
using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// Stored rows as NeMo's <c>RowScore</c> lines. Each score becomes NeMo's <c>MetricOutput</c>, exactly
/// <c>{name, value}</c> (Zenodia/nemo-platform f20bd5aa <c>types/evaluation/metric_output.py</c>), and a value is what
/// NeMo itself writes: a number, or the string <c>"NaN"</c>. A pass/fail score is 1.0 or 0.0, a rubric label its
/// level's value, and text, null and NaN are <c>"NaN"</c>, so a pandas <c>select_dtypes("number")</c> keeps every score
/// column (seed 003). Reasoning, labels and booleans stay in the native export, which is lossless.
/// Other members pass through: <c>RowScore</c> allows extra keys (trial, row_digest, usage, chunks…).
/// </summary>
internal static class NeMoRowScores
{
    public const string NaN = "NaN";

    /// <summary>Streams a result's rows as <c>application/jsonl</c>, one <c>RowScore</c> per line.</summary>
    public sealed class Download(IAsyncEnumerable<RowRecord> rows, ResultInfo result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = JsonlStream.ContentType;
            await WriteAsync(rows, result, response.Body, httpContext.RequestAborted);
        }
    }

    /// <summary>Writes the rows as JSONL <c>RowScore</c> lines to <paramref name="body"/>.</summary>
    public static async Task WriteAsync(IAsyncEnumerable<RowRecord> rows, ResultInfo result, Stream body,
        CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true,
            Encoder = NeMoJson.Options.Encoder });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            using (var document = row.Parse())
            {
                Write(writer, document.RootElement, result);
            }
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 60 * 1024)
            {
                await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>
    /// Writes one stored row as a <c>RowScore</c> object. <c>item</c> and <c>sample</c> must be objects and
    /// <c>requests</c> a list there: a plain-text item becomes <c>{"input": text}</c>, a plain sample
    /// <c>{"output_text": text}</c>, and a row without requests gets <c>[]</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, JsonElement row, ResultInfo result)
    {
        writer.WriteStartObject();
        var hasRequests = false;
        foreach (var member in row.EnumerateObject())
        {
            if (member.NameEquals("metrics") && member.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject("metrics");
                foreach (var metric in member.Value.EnumerateObject())
                {
                    WriteOutputs(writer, metric, result);
                }
                writer.WriteEndObject();
            }
            else if (member.NameEquals("item") && member.Value.ValueKind != JsonValueKind.Object)
            {
                WrapIn(writer, "item", "input", member.Value);
            }
            else if (member.NameEquals("sample") && member.Value.ValueKind != JsonValueKind.Object)
            {
                WrapIn(writer, "sample", "output_text", member.Value);
            }
            else
            {
                hasRequests |= member.NameEquals("requests");
                member.WriteTo(writer);
            }
        }
        if (!hasRequests)
        {
            writer.WriteStartArray("requests");
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WrapIn(Utf8JsonWriter writer, string name, string key, JsonElement value)
    {
        writer.WriteStartObject(name);
        writer.WritePropertyName(key);
        value.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteOutputs(Utf8JsonWriter writer, JsonProperty metric, ResultInfo result)
    {
        writer.WriteStartArray(metric.Name);
        if (metric.Value.ValueKind == JsonValueKind.Array)
        {
            foreach (var output in metric.Value.EnumerateArray())
            {
                var name = output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : metric.Name;
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WritePropertyName("value");
                WriteValue(writer, output.TryGetProperty("value", out var value) ? value : default, Levels(result, metric.Name, name));
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement value, IReadOnlyList<RubricCount>? levels)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
                return;
            case JsonValueKind.True:
                writer.WriteRawValue("1.0"u8, skipInputValidation: true);
                return;
            case JsonValueKind.False:
                writer.WriteRawValue("0.0"u8, skipInputValidation: true);
                return;
            case JsonValueKind.String when levels?.FirstOrDefault(l => l.Label == value.GetString()) is { Value: { } level }:
                writer.WriteRawValue(PythonJson.FloatRepr(level), skipInputValidation: true);
                return;
            default:
                writer.WriteStringValue(NaN);
                return;
        }
    }

    // A rubric score's levels, to turn a label into its value.
    private static IReadOnlyList<RubricCount>? Levels(ResultInfo result, string metric, string score) =>
        result.Scores.FirstOrDefault(s => s.Metric == metric && s.Name == score)?.RubricDistribution;
}
