using System.Text;
using Evalstore.Core;

namespace Evalstore.Server.Storage;

/// <summary>One side document of a result: a key and a JSON value kept as raw UTF-8.</summary>
public sealed class ResultDocument(string key, ReadOnlyMemory<byte> json)
{
    /// <summary>Longest key accepted.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>1–200 printable ASCII characters (0x21–0x7E); documents list in ordinal key order.</summary>
    public string Key { get; } = key;

    /// <summary>The value as UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Json { get; } = json;

    /// <summary>Throws a 400 unless the key is 1–200 printable ASCII characters without spaces.</summary>
    public static string CheckKey(string key) =>
        key is { Length: > 0 and <= MaxKeyLength } && IsPrintableAscii(key)
            ? key
            : throw EvalstoreException.BadRequest(
                $"Document key '{key}' is not valid: use 1–{MaxKeyLength} printable ASCII characters without spaces.");

    /// <summary>Throws a 400 unless the prefix is empty or a valid key start.</summary>
    public static string CheckPrefix(string prefix) =>
        prefix.Length == 0 ? prefix : CheckKey(prefix);

    /// <summary>
    /// The smallest string above every key that starts with <paramref name="prefix"/>: keys are printable ASCII, so
    /// appending DEL (0x7F) bounds the range, and a prefix scan becomes an index range scan.
    /// </summary>
    public static string UpperBound(string prefix) => prefix + "\u007f";

    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Encoding.UTF8.GetString(Json.Span)}";

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
