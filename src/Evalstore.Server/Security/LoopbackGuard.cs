using System.Net;
using Evalstore.Core;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Security;

/// <summary>Without any API key a server answers anyone who can reach it, so it may then only listen on loopback.</summary>
internal static class LoopbackGuard
{
    public static async Task CheckAsync(IServerStore store, string urls, CancellationToken cancellationToken)
    {
        var outside =
            urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsLoopbackUrl(u)).ToList();
        if (outside.Count > 0 && !await store.AnyKeysAsync(cancellationToken))
        {
            throw EvalstoreException.Forbidden(
                $"Refusing to listen on {string.Join(", ", outside)}: this store has no API keys, so anyone could read and write it. " +
                "Create one first (evalstore keys create --workspace default --role admin) or listen on 127.0.0.1.");
        }
    }

    public static bool IsLoopbackUrl(string url)
    {
        var hostStart = url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0;
        var rest = url[hostStart..];
        string host;
        if (rest.StartsWith('['))
        {
            host = rest[1..rest.IndexOf(']', StringComparison.Ordinal)];
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end >= 0 ? rest[..end] : rest;
        }
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    public static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);
}
