using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Evalstore.Core.Digest;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Weave's wire conventions: snake_case members, nulls written out (FastAPI serializes every pydantic field), and
/// floats in Python's repr form, so that <c>1.0</c> reaches a Python client as a float, not the int <c>1</c>.
/// </summary>
internal static class WeaveJson
{
    /// <summary>
    /// Writers escape only what JSON requires, so text is stored and sent as written (<c>"2+2"</c>, not
    /// <c>"2\u002B2"</c>); the bodies are JSON documents, never embedded in HTML.
    /// </summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Options for every Weave request and response body.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 64,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
            { new PythonFloatConverter(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Writes a float the way Python's <c>json.dumps</c> would.</summary>
    public static void WriteFloat(this Utf8JsonWriter writer, string name, double? value)
    {
        writer.WritePropertyName(name);
        writer.WriteFloatValue(value);
    }

    /// <summary>Writes a float value (or null) the way Python's <c>json.dumps</c> would.</summary>
    public static void WriteFloatValue(this Utf8JsonWriter writer, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteRawValue(PythonJson.FloatRepr(number), skipInputValidation: true);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private sealed class PythonFloatConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteFloatValue(value);
    }
}
