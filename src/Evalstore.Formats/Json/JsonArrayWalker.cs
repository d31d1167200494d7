using System.Buffers;
using System.Text.Json;
using Evalstore.Core;

namespace Evalstore.Formats.Json;

/// <summary>
/// Walks a JSON document held in a stream, a buffer at a time, down to one array (e.g. an inspect log's
/// <c>samples</c> or promptfoo's <c>results.results</c>) and hands out that array's elements one by one. Everything
/// else can be copied to a writer, with the array left empty, so a log's header is read without its samples.
/// Memory holds one element (plus a read buffer), never the document.
/// </summary>
internal sealed class JsonArrayWalker
{
    private const int MaxElementBytes = 1024 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly string[] _path;
    private readonly Utf8JsonWriter? _rest;
    private readonly string _fileName;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _offset;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 256 });
    private int _level;
    private bool _inArray;
    private bool _done;
    private bool _arraySeen;

    /// <param name="stream">The document.</param>
    /// <param name="path">Property names from the root object down to the array; empty when the root is the array.</param>
    /// <param name="rest">Receives the document without the array's elements; null to skip everything else.</param>
    /// <param name="fileName">Named in error messages.</param>
    public JsonArrayWalker(Stream stream, string[] path, Utf8JsonWriter? rest, string fileName)
    {
        _stream = stream;
        _path = path;
        _rest = rest;
        _fileName = fileName;
    }

    /// <summary>Elements handed out so far.</summary>
    public long Count { get; private set; }

    /// <summary>False when the document ended without the array (its header is still complete).</summary>
    public bool ArraySeen => _arraySeen;

    /// <summary>The next element as UTF-8 JSON (an exact-size copy), or null at the end of the document.</summary>
    public async Task<byte[]?> NextAsync(CancellationToken cancellationToken)
    {
        while (!_done)
        {
            var element = Step(out var needMore);
            if (element is not null)
            {
                Count++;
                return element;
            }
            if (needMore)
            {
                await FillAsync(cancellationToken);
            }
        }
        return null;
    }

    /// <summary>Reads to the end, counting the elements without keeping them.</summary>
    public async Task<long> SkipToEndAsync(CancellationToken cancellationToken)
    {
        while (await NextAsync(cancellationToken) is not null)
        {
        }
        return Count;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_final)
        {
            throw Problem("the file ends in the middle of the JSON document (truncated?)");
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _offset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxElementBytes)
            {
                throw Problem($"one JSON value is larger than {MaxElementBytes} bytes");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        _final = read == 0;
    }

    // Processes tokens until an element is complete, the buffer runs out (needMore) or the document ends. A unit that
    // does not fit (an element, or a property with its value) is re-read from its start after the next fill.
    private byte[]? Step(out bool needMore)
    {
        needMore = false;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            while (true)
            {
                var checkpoint = reader.CurrentState;
                var consumed = reader.BytesConsumed;
                var outcome = _inArray ? ArrayToken(ref reader, out var element) : ObjectToken(ref reader, out element);
                if (outcome == Outcome.NeedMore)
                {
                    _state = checkpoint;
                    _start += (int)consumed;
                    needMore = true;
                    return null;
                }
                if (outcome == Outcome.Element || _done)
                {
                    _state = reader.CurrentState;
                    _start += (int)reader.BytesConsumed;
                    return element;
                }
            }
        }
        catch (JsonException e)
        {
            var what = _final ? "malformed or truncated JSON" : "malformed JSON";
            throw Problem($"{what} at byte {_offset + _start + reader.BytesConsumed + 1}: {e.Message.Split(" LineNumber:", 2)[0]}");
        }
    }

    private Outcome ArrayToken(ref Utf8JsonReader reader, out byte[]? element)
    {
        element = null;
        if (!reader.Read())
        {
            return Outcome.NeedMore;
        }
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            _inArray = false;
            _rest?.WriteEndArray();
            _done = _path.Length == 0;
            return Outcome.Continue;
        }
        var from = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            return Outcome.NeedMore;
        }
        element = _buffer.AsSpan(_start + from, (int)reader.BytesConsumed - from).ToArray();
        return Outcome.Element;
    }

    private Outcome ObjectToken(ref Utf8JsonReader reader, out byte[]? element)
    {
        element = null;
        if (!reader.Read())
        {
            return Outcome.NeedMore;
        }
        if (_level == 0)
        {
            return Root(reader.TokenType);
        }
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _rest?.WriteEndObject();
            _level--;
            _done = _level == 0;
            return Outcome.Continue;
        }
        var name = reader.GetString()!;
        if (!reader.Read())
        {
            return Outcome.NeedMore;
        }
        var onPath = _level <= _path.Length && string.Equals(name, _path[_level - 1], StringComparison.Ordinal) && !_arraySeen;
        if (onPath && _level < _path.Length && reader.TokenType == JsonTokenType.StartObject)
        {
            _rest?.WritePropertyName(name);
            _rest?.WriteStartObject();
            _level++;
            return Outcome.Continue;
        }
        if (onPath && _level == _path.Length && reader.TokenType == JsonTokenType.StartArray)
        {
            _rest?.WritePropertyName(name);
            _rest?.WriteStartArray();
            _inArray = true;
            _arraySeen = true;
            return Outcome.Continue;
        }
        var from = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            return Outcome.NeedMore;
        }
        if (_rest is not null)
        {
            _rest.WritePropertyName(name);
            _rest.WriteRawValue(_buffer.AsSpan(_start + from, (int)reader.BytesConsumed - from), skipInputValidation: true);
        }
        return Outcome.Continue;
    }

    private Outcome Root(JsonTokenType token)
    {
        if (_path.Length == 0 && token == JsonTokenType.StartArray)
        {
            _rest?.WriteStartArray();
            _inArray = true;
            _arraySeen = true;
            return Outcome.Continue;
        }
        if (_path.Length > 0 && token == JsonTokenType.StartObject)
        {
            _rest?.WriteStartObject();
            _level = 1;
            return Outcome.Continue;
        }
        throw Problem($"expected a JSON {(_path.Length == 0 ? "array" : "object")} at the top level, found {token}");
    }

    private EvalstoreException Problem(string detail) => EvalstoreException.BadRequest($"{_fileName}: {detail}").With("file", _fileName);

    private enum Outcome
    {
        Continue,
        Element,
        NeedMore,
    }
}
