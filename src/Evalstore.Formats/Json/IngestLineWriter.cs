using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Evalstore.Core.Ingest;

namespace Evalstore.Formats.Json;

/// <summary>
/// Builds one line of the ingest format with a <see cref="Utf8JsonWriter"/> and hands it to <see cref="RowParser"/>,
/// so that an imported harness row is validated and digested exactly like a JSONL row sent by a user.
/// </summary>
internal sealed class IngestLineWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly RowParser _parser;

    public IngestLineWriter(RowParser parser)
    {
        _parser = parser;
        // Text stays as written (é, <, ') instead of \u escapes: the rows are JSON data, never embedded in HTML.
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            MaxDepth = RowParser.MaxDepth + 8,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    /// <summary>Starts a row; the caller writes <c>item</c>, <c>sample</c>, <c>metrics</c> and the optional members.</summary>
    public Utf8JsonWriter Begin(long? rowIndex, int trial)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        if (rowIndex is { } index)
        {
            _writer.WriteNumber("row_index"u8, index);
        }
        _writer.WriteNumber("trial"u8, trial);
        return _writer;
    }

    /// <summary>Closes the row and parses it; <paramref name="entry"/> numbers the row in error messages.</summary>
    public IngestRow Finish(long entry)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _parser.Parse(_buffer.WrittenMemory, entry);
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>Writing scores in the ingest shape: <c>"metric": [{"name": …, "value": …, "reasoning": …}]</c>.</summary>
internal static class ScoreWriting
{
    /// <summary>Writes one score object; the value is written by <paramref name="value"/>.</summary>
    public static void Score(Utf8JsonWriter writer, string name, Action<Utf8JsonWriter> value, string? reasoning = null)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, name);
        writer.WritePropertyName("value"u8);
        value(writer);
        if (reasoning is not null)
        {
            writer.WriteString("reasoning"u8, reasoning);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a harness value as a score value: numbers and booleans as they are, strings as labels, null as NaN, and
    /// structured values (lists, objects) as their compact JSON text, a text label.
    /// </summary>
    public static void HarnessValue(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when double.IsFinite(value.GetDouble()):
            case JsonValueKind.True or JsonValueKind.False:
            case JsonValueKind.String:
                value.WriteTo(writer);
                break;
            case JsonValueKind.Array or JsonValueKind.Object:
                writer.WriteStringValue(CompactJson(value));
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>The compact JSON text of a value, e.g. <c>[1,0]</c>.</summary>
    public static string CompactJson(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
