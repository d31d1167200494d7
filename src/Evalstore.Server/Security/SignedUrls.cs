using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Evalstore.Core;

namespace Evalstore.Server.Security;

/// <summary>
/// Presigned download links: a path plus <c>expires</c> (Unix seconds) and <c>signature</c>, an HMAC-SHA256 over the
/// path and expiry with the server's signing key. The link itself is the credential, so it works without an API key,
/// for one path, until it expires. Several instances behind one load balancer must share the key
/// (<see cref="ServerOptions.UrlSigningKey"/>); without one, each process draws a random key and its links die with it.
/// </summary>
internal sealed class SignedUrls(ServerOptions options)
{
    /// <summary>Where signed downloads are served; the authentication middleware leaves the path to the signature.</summary>
    public const string DownloadPrefix = "/downloads";

    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "signature";

    private readonly byte[] _key = options.UrlSigningKey is { Length: > 0 } configured
        ? SHA256.HashData(Encoding.UTF8.GetBytes(configured))
        : RandomNumberGenerator.GetBytes(32);

    /// <summary>The absolute link to <paramref name="path"/> (with an optional <c>?query</c>) and when it expires.</summary>
    public (string Url, DateTimeOffset ExpiresAt) Sign(HttpRequest request, PathString path, string query)
    {
        var expires = options.Clock.GetUtcNow().Add(options.DownloadLinkLifetime).ToUnixTimeSeconds();
        var full = request.PathBase.Add(path);
        var signature = Signature(full.Value + query, expires);
        var separator = query.Length > 0 ? '&' : '?';
        var url = string.Create(CultureInfo.InvariantCulture,
            $"{request.Scheme}://{request.Host}{full.ToUriComponent()}{query}{separator}"
            + $"{ExpiresParameter}={expires}&{SignatureParameter}={signature}");
        return (url, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    /// <summary>Checks the link a request came with: 403 when the signature does not match, or when it expired.</summary>
    public void Verify(HttpRequest request)
    {
        var expiresText = request.Query[ExpiresParameter].ToString();
        var signature = request.Query[SignatureParameter].ToString();
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || signature.Length == 0)
        {
            throw EvalstoreException.Forbidden("This download link is not signed: ask for a new one.");
        }
        var path = request.PathBase.Add(request.Path).Value + Unsigned(request.QueryString.Value);
        var expected = Encoding.ASCII.GetBytes(Signature(path, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            throw EvalstoreException.Forbidden("The signature of this download link does not match: ask for a new one.");
        }
        if (options.Clock.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            throw EvalstoreException.Forbidden(
                $"This download link expired at {DateTimeOffset.FromUnixTimeSeconds(expires):yyyy-MM-dd'T'HH:mm:ss'Z'}: "
                + "ask for a new one.");
        }
    }

    private string Signature(string path, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"GET\n{path}\n{expires}"));
        return Base64Url.EncodeToString(HMACSHA256.HashData(_key, message));
    }

    // The signed text is the path with its query minus the two signing parameters, which come last.
    private static string Unsigned(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }
        var kept = query.TrimStart('?').Split('&')
            .Where(p => !p.StartsWith(ExpiresParameter + "=", StringComparison.Ordinal) && !p.StartsWith(SignatureParameter + "=",
                StringComparison.Ordinal))
            .ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }
}
