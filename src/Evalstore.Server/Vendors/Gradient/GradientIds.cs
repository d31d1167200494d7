using System.Security.Cryptography;
using System.Text;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Stable UUIDs for things DigitalOcean identifies by UUID but Evalstore by name (test cases, metrics, agents,
/// workspaces): RFC 9562 version 5 (SHA-1, name-based), so the same name always gives the same UUID on every
/// server and after every restart, and a UUID that is already a UUID is kept as it is.
/// </summary>
internal static class GradientIds
{
    // A fixed namespace UUID for Evalstore's DigitalOcean surface (random, chosen once).
    private static readonly Guid s_namespace = new("6f1d3c5e-2b8a-4c7e-9f10-5a3e2d1c0b9a");

    /// <summary>The UUID of a named thing of a kind (<c>test-case</c>, <c>metric</c>, …) in a workspace.</summary>
    public static string For(string kind, string workspace, string name) =>
        Guid.TryParse(name, out var already) ? already.ToString() : V5($"{kind}\n{workspace}\n{name}").ToString();

    /// <summary>The UUID of a workspace itself.</summary>
    public static string Workspace(string workspace) => V5("workspace\n" + workspace).ToString();

    private static Guid V5(string name)
    {
        var namespaceBytes = s_namespace.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[namespaceBytes.Length + nameBytes.Length];
        namespaceBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, namespaceBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 UUIDs; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
