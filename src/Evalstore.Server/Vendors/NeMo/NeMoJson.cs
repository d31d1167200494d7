using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>NeMo's conventions: snake_case, <c>None</c> fields left out (FastAPI's <c>response_model_exclude_none</c>).</summary>
internal static class NeMoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An instant as pydantic writes a UTC datetime: <c>2025-01-01T00:00:00Z</c>, microseconds when present.</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(
            instant.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture);
}
