using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Evalstore.Core.Digest;

/// <summary>
/// The content hash that joins the same item across results, equal to Weave's <c>row_digest</c>:
/// SHA-256 of <c>json.dumps(item, sort_keys=True)</c> (or of a string item's raw text), URL-safe base64 without
/// padding, with <c>-</c> replaced by <c>X</c> and <c>_</c> by <c>Y</c>: 43 alphanumeric characters.
/// </summary>
public static class RowDigest
{
    /// <summary>Length of every digest.</summary>
    public const int Length = 43;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_canonical;

    /// <summary>Digest of an item given as a JSON value.</summary>
    public static string Compute(JsonElement item)
    {
        Span<byte> hash = stackalloc byte[32];
        ComputeHash(item, hash);
        return Encode(hash);
    }

    /// <summary>Writes the 32-byte SHA-256 of an item's canonical form.</summary>
    public static void ComputeHash(JsonElement item, Span<byte> hash)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(item.GetString()!), hash);
            return;
        }
        // Ingest hashes one item per row on its parsing thread: reuse that thread's buffer rather than allocate one per row.
        var buffer = t_canonical ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        PythonJson.Write(item, buffer);
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > 1 << 20)
        {
            t_canonical = null; // a rare huge item does not stay in memory with the thread
        }
    }

    /// <summary>Digest of a plain string, hashed as raw text.</summary>
    public static string OfText(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Encode(hash);
    }

    /// <summary>Encodes a 32-byte hash as a 43-character digest.</summary>
    public static string Encode(ReadOnlySpan<byte> hash)
    {
        Span<byte> chars = stackalloc byte[Length];
        Base64Url.EncodeToUtf8(hash, chars);
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                (byte)'-' => (byte)'X',
                (byte)'_' => (byte)'Y',
                var c => c,
            };
        }
        return Encoding.ASCII.GetString(chars);
    }

    /// <summary>True when the text has the shape of a digest.</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: Length } && text.All(char.IsAsciiLetterOrDigit);
}
