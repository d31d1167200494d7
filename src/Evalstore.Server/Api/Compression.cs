using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Evalstore.Server.Api;

/// <summary>
/// Brotli and gzip for pages, CSS, SVG, JSON, JSONL and CSV, negotiated by Accept-Encoding (nothing unless asked).
/// Pages and JSON answers are small and compress at the default level; row streams and exports are large and
/// compress at the fastest level, so that a compressed export streams nearly as fast as a plain one.
/// </summary>
internal static class Compression
{
    /// <summary>What is worth compressing. Not XLSX: it is a zip file already.</summary>
    private static readonly string[] s_mimeTypes =
    [
        "text/html", "text/css", "text/plain", "text/csv", "image/svg+xml",
        "application/json", "application/problem+json", "application/jsonl", "application/x-ndjson",
    ];

    /// <summary>Bulk bodies: rows streamed as JSON lines or CSV, however many there are.</summary>
    private static readonly string[] s_bulkTypes = ["application/jsonl", "application/x-ndjson", "text/csv"];

    public static IServiceCollection AddEvalstoreCompression(this IServiceCollection services) =>
        services.AddSingleton<IResponseCompressionProvider>(provider => new ByContentType(
            Providers(provider, CompressionLevel.Optimal), Providers(provider, CompressionLevel.Fastest)));

    public static IApplicationBuilder UseEvalstoreCompression(this IApplicationBuilder app) => app.UseResponseCompression();

    private static ResponseCompressionProvider Providers(IServiceProvider services, CompressionLevel level)
    {
        var options = new ResponseCompressionOptions
        {
            // Over HTTPS a compressed page can leak a secret it holds next to text an attacker chose (BREACH). The
            // pages' only secret is the antiforgery token, which is encrypted with a fresh IV on every response.
            EnableForHttps = true,
            MimeTypes = s_mimeTypes,
        };
        // When a client accepts both equally, the first provider wins: Brotli for pages (smaller), gzip for row streams
        // (at the fastest level it costs about two thirds of Brotli's CPU per byte here; see bench --exports-only).
        var brotli = new BrotliCompressionProvider(Options.Create(new BrotliCompressionProviderOptions { Level = level }));
        var gzip = new GzipCompressionProvider(Options.Create(new GzipCompressionProviderOptions { Level = level }));
        ICompressionProvider[] order = level == CompressionLevel.Fastest ? [gzip, brotli] : [brotli, gzip];
        foreach (var provider in order)
        {
            options.Providers.Add(provider);
        }
        return new ResponseCompressionProvider(services, Options.Create(options));
    }

    private static bool IsBulk(string? contentType) =>
        contentType is { } type && s_bulkTypes.Any(bulk => type.StartsWith(bulk, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Chooses the level once the response's content type is known: the middleware asks for a provider at the first
    /// write, after the endpoint has set its headers.
    /// </summary>
    private sealed class ByContentType(ResponseCompressionProvider standard, ResponseCompressionProvider fastest)
        : IResponseCompressionProvider
    {
        public ICompressionProvider? GetCompressionProvider(HttpContext context) =>
            (IsBulk(context.Response.ContentType) ? fastest : standard).GetCompressionProvider(context);

        public bool ShouldCompressResponse(HttpContext context) => standard.ShouldCompressResponse(context);

        public bool CheckRequestAcceptsCompression(HttpContext context) => standard.CheckRequestAcceptsCompression(context);
    }
}
