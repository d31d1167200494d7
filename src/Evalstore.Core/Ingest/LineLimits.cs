using System.Text.Json;

namespace Evalstore.Core.Ingest;

/// <summary>
/// Caps on the shape of one ingest line, so that no line, however it is built, costs more than a bounded amount of
/// work to parse and canonicalise: the byte limit alone allows a 16 MiB line of millions of keys.
/// </summary>
public static class LineLimits
{
    /// <summary>Most members one JSON object may have.</summary>
    public const int MaxKeysPerObject = 10_000;

    /// <summary>Most JSON values (objects, lists, strings, numbers, literals) in one line.</summary>
    public const int MaxNodesPerLine = 1_000_000;

    // Every member takes at least 5 bytes (`"":0,`) and every value at least 2 (`0,`): a line shorter than these
    // cannot break a cap, so the common short line skips the counting pass entirely.
    private const int KeysNeedBytes = MaxKeysPerObject * 5;
    private const int NodesNeedBytes = MaxNodesPerLine * 2;

    /// <summary>Throws a 400 naming the cap when the JSON text has too many members in one object or values in all.</summary>
    public static void Check(ReadOnlySpan<byte> json, int maxDepth)
    {
        if (json.Length < KeysNeedBytes && json.Length < NodesNeedBytes)
        {
            return;
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        Span<int> keys = stackalloc int[maxDepth + 2];
        var depth = 0;
        var nodes = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (++keys[depth] > MaxKeysPerObject)
                    {
                        throw EvalstoreException.BadRequest(
                            $"an object has more than {MaxKeysPerObject} keys (the limit per object)")
                            .With("limit", MaxKeysPerObject);
                    }
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    depth++;
                    keys[depth] = 0;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    continue;
            }
            if (++nodes > MaxNodesPerLine)
            {
                throw EvalstoreException.BadRequest($"the line has more than {MaxNodesPerLine} JSON values (the limit per line)")
                    .With("limit", MaxNodesPerLine);
            }
        }
    }
}
