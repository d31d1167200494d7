using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Evalstore.Core;

/// <summary>How API key secrets look and are hashed. Secrets carry 256 random bits, so one SHA-256 is enough to store them.</summary>
public static class ApiKeySecrets
{
    /// <summary>Every secret starts with this, so a leaked key is recognisable.</summary>
    public const string Prefix = "es_";

    /// <summary>A new random secret.</summary>
    public static string NewSecret() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new short key id.</summary>
    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The stored hash of a secret.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The part of a secret that may be shown in listings.</summary>
    public static string Display(string secret) => secret.Length > 10 ? secret[..10] : secret;
}
