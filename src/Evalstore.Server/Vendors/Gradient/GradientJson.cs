using System.Globalization;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// JSON conventions of DigitalOcean's API: snake_case, every scalar field written, no nulls (no field of the spec is
/// nullable), RFC 3339 UTC times.
/// </summary>
internal static class GradientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        // An API body, never HTML: quotes and non-ASCII text stay readable instead of becoming \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads request bodies: unknown members are ignored, as a proto3 JSON parser would with DiscardUnknown.</summary>
    public static readonly JsonSerializerOptions ReadOptions = new(Options) { PropertyNameCaseInsensitive = true };

    /// <summary><c>2023-01-01T00:00:00Z</c>, with fractional seconds only when there are any.</summary>
    public static string? Time(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString(
            instant.Value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
            CultureInfo.InvariantCulture);

    /// <summary>A proto3 uint64 as DigitalOcean writes it: decimal text.</summary>
    public static string Uint64(long value) => Math.Max(0, value).ToString(CultureInfo.InvariantCulture);
}
