using System.Security.Cryptography;

namespace Evalstore.Server.Ui.Shared;

/// <summary>
/// The UI's few static files (a stylesheet, an icon), embedded in the assembly so that the server is one file set
/// wherever the dotnet tool is installed. URLs carry a content hash, so browsers may cache them for a year.
/// </summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, Asset> s_assets = Load();

    public static string Url(string name) =>
        s_assets.TryGetValue(name, out var asset) ? $"/static/{name}?v={asset.Version}"
            : throw new ArgumentException($"No static asset '{name}'.", nameof(name));

    public static void MapStaticAssets(this IEndpointRouteBuilder app) =>
        app.MapMethods("/static/{name}", [HttpMethods.Get, HttpMethods.Head], (string name, HttpContext context) =>
        {
            if (!s_assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            // Weak: the same tag names the plain and the compressed bytes, which are equivalent but not byte-identical.
            return Results.Bytes(asset.Bytes, asset.ContentType,
                entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{asset.Version}\"", isWeak: true));
        }).ExcludeFromDescription();

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        const string prefix = "Evalstore.Server.Ui.Static.";
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource[prefix.Length..];
            var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            assets[name] = new Asset(bytes, ContentTypeOf(name), version);
        }
        return assets;
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string Version);
}
