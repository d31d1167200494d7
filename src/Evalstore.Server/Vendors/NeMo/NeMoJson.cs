using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Evalstore.Core.Digest;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// NeMo's conventions: snake_case, <c>None</c> fields left out (FastAPI's <c>response_model_exclude_none</c>), floats and
/// datetimes as Python and pydantic write them.
/// </summary>
internal static class NeMoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new PythonFloat(), new PydanticTime() },
    };

    /// <summary>An instant as pydantic writes a UTC datetime: <c>2025-01-01T00:00:00Z</c>, microseconds when present.</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(
            instant.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture);

    /// <summary>
    /// A float as Python writes it (<c>0.0</c>, <c>1.0</c>, <c>0.6</c>): NeMo's statistics are floats, and a client that
    /// reads the JSON without the SDK's models (requests, pandas) must see floats, not the integers <c>0</c> and <c>1</c>.
    /// A value that is not finite has no JSON number and is written as null.
    /// </summary>
    private sealed class PythonFloat : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteRawValue(PythonJson.FloatRepr(value), skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class PydanticTime : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Time(value));
    }
}
