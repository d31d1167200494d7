using System.Buffers.Binary;
using System.Text;

namespace Evalstore.Server.Tests.Telemetry;

/// <summary>One received span: its name, its attributes and its resource's attributes (values as strings).</summary>
public sealed record OtlpSpan(string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);

/// <summary>
/// Reads as much of the OTLP protobuf <c>ExportTraceServiceRequest</c> as the tests assert on, straight from the wire
/// format (opentelemetry-proto trace/v1 and common/v1 field numbers): resource_spans(1) → resource(1).attributes(1),
/// scope_spans(2) → spans(2) → name(5), attributes(9); KeyValue key(1) value(2); AnyValue string(1) bool(2) int(3) double(4).
/// </summary>
public static class OtlpTraceDecoder
{
    public static List<OtlpSpan> Decode(ReadOnlyMemory<byte> request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }
            var resource = new Dictionary<string, string>();
            foreach (var (inner, value) in Fields(resourceSpans))
            {
                if (inner == 1)
                {
                    ReadAttributes(value, 1, resource);
                }
            }
            foreach (var (inner, scopeSpans) in Fields(resourceSpans))
            {
                if (inner != 2)
                {
                    continue;
                }
                foreach (var (spanField, span) in Fields(scopeSpans))
                {
                    if (spanField == 2)
                    {
                        spans.Add(ReadSpan(span, resource));
                    }
                }
            }
        }
        return spans;
    }

    private static OtlpSpan ReadSpan(ReadOnlyMemory<byte> span, Dictionary<string, string> resource)
    {
        var name = "";
        var attributes = new Dictionary<string, string>();
        foreach (var (field, value) in Fields(span))
        {
            if (field == 5)
            {
                name = Encoding.UTF8.GetString(value.Span);
            }
        }
        ReadAttributes(span, 9, attributes);
        return new OtlpSpan(name, attributes, resource);
    }

    private static void ReadAttributes(ReadOnlyMemory<byte> message, int attributesField, Dictionary<string, string> into)
    {
        foreach (var (field, keyValue) in Fields(message))
        {
            if (field != attributesField)
            {
                continue;
            }
            string? key = null;
            string? text = null;
            foreach (var (part, value) in Fields(keyValue))
            {
                if (part == 1)
                {
                    key = Encoding.UTF8.GetString(value.Span);
                }
                else if (part == 2)
                {
                    text = AnyValue(value);
                }
            }
            if (key is not null)
            {
                into[key] = text ?? "";
            }
        }
    }

    private static string AnyValue(ReadOnlyMemory<byte> any)
    {
        foreach (var (field, value) in Fields(any))
        {
            return field switch
            {
                1 => Encoding.UTF8.GetString(value.Span),
                2 => (ReadVarint(value.Span, out _) != 0).ToString(),
                3 => ((long)ReadVarint(value.Span, out _)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                4 => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(value.Span))
                    .ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "",
            };
        }
        return "";
    }

    /// <summary>
    /// The fields of a message in order: length-delimited ones as their bytes; varints and fixed-width values as their raw
    /// bytes too (decoded where a field is read), so one walker serves every message.
    /// </summary>
    private static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var offset = 0;
        while (offset < message.Length)
        {
            var tag = ReadVarint(message.Span[offset..], out var used);
            offset += used;
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    ReadVarint(message.Span[offset..], out used);
                    yield return (field, message.Slice(offset, used));
                    offset += used;
                    break;
                case 1:
                    yield return (field, message.Slice(offset, 8));
                    offset += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span[offset..], out used);
                    offset += used;
                    yield return (field, message.Slice(offset, length));
                    offset += length;
                    break;
                case 5:
                    yield return (field, message.Slice(offset, 4));
                    offset += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} at byte {offset}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, out int used)
    {
        ulong value = 0;
        for (used = 0; used < 10; used++)
        {
            var b = bytes[used];
            value |= (ulong)(b & 0x7F) << (7 * used);
            if ((b & 0x80) == 0)
            {
                used++;
                return value;
            }
        }
        throw new InvalidDataException("Varint longer than 10 bytes.");
    }
}
