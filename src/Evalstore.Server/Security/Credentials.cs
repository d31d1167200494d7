using System.Text;
using Microsoft.Net.Http.Headers;

namespace Evalstore.Server.Security;

/// <summary>
/// Reads an API key secret from <c>Authorization: Bearer …</c> or HTTP Basic (user <c>api</c>). The web UI's cookie
/// carries a session id instead (<see cref="SessionCookie"/>), never a key.
/// </summary>
internal static class Credentials
{
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                // Weave's convention is user "api" with the key as password; a key alone as user name is accepted too.
                return colon >= 0 ? decoded[(colon + 1)..] is { Length: > 0 } password ? password : decoded[..colon] : decoded;
            }
            catch (FormatException)
            {
                return "";
            }
        }
        return null;
    }
}
