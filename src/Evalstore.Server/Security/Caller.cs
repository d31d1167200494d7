using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Server.Security;

/// <summary>Who is calling: an API key (one workspace, one role) or, on a keyless loopback server, anyone.</summary>
internal sealed record Caller(ApiKeyInfo? Key)
{
    public static readonly Caller Anonymous = new((ApiKeyInfo?)null);

    /// <summary>The workspace a key is bound to; the default workspace for anonymous callers.</summary>
    public string DefaultWorkspace => Key?.Workspace ?? Names.DefaultWorkspace;

    /// <summary>
    /// Throws unless this caller may act on the workspace with the role. Another workspace is a 404, never a 403,
    /// so a key cannot even learn that a workspace exists.
    /// </summary>
    public void Demand(string workspace, KeyRole role)
    {
        if (Key is null)
        {
            return;
        }
        if (!string.Equals(Key.Workspace, workspace, StringComparison.Ordinal))
        {
            throw EvalstoreException.NotFound($"Workspace '{workspace}' was not found.");
        }
        if (Key.Role < role)
        {
            throw EvalstoreException.Forbidden(
                $"This key has the '{Key.Role.ToString().ToLowerInvariant()}' role; this request needs " +
                $"'{role.ToString().ToLowerInvariant()}'.");
        }
    }
}

/// <summary>Stores and reads the caller on the request.</summary>
internal static class CallerExtensions
{
    private const string ItemKey = "evalstore.caller";

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[ItemKey] = caller;

    public static Caller Caller(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var caller) && caller is Caller c ? c : Security.Caller.Anonymous;
}
