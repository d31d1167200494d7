using System.Text.Json;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// The first pass of <see cref="RowTable"/>: the column names a row contributes (item fields, sample fields, scores,
/// reasoning, metric errors), read with <see cref="Utf8JsonReader"/> straight from the stored bytes. A name becomes a
/// string only the first time it is seen, so a million rows of the same shape allocate nothing per row.
/// </summary>
internal sealed class RowShape
{
    private readonly NameSet _reasoning = new();
    private readonly NameSet _metrics = new();
    private char[] _name = new char[256];
    private char[] _column = new char[512];

    public NameSet Items { get; } = new();

    public NameSet Samples { get; } = new();

    public NameSet Scores { get; } = new();

    public bool Errors { get; private set; }

    public bool HasReasoning(string column) => _reasoning.Contains(column);

    public void Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("item"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadNames(ref reader, Items, "");
                }
                else
                {
                    Items.Add(RowTable.StringItemColumn);
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("sample"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadNames(ref reader, Samples, "sample.");
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("metrics"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMetrics(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("metric_errors"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var peek = reader;
                    peek.Read();
                    Errors |= peek.TokenType == JsonTokenType.PropertyName;
                }
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Adds the property names of the object the reader is at (prefixed), leaving it at the object's end.</summary>
    private void ReadNames(ref Utf8JsonReader reader, NameSet names, string prefix)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(Compose(prefix, Name(ref reader), ReadOnlySpan<char>.Empty));
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary><c>"metrics": {"m": [{"name": "s", "reasoning": "…", …}, …], …}</c>: a column per metric and score name.</summary>
    private void ReadMetrics(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var metric = _metrics.Add(Name(ref reader));
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                string? column = null;
                var reasoning = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isName = reader.ValueTextEquals("name"u8);
                    var isReasoning = !isName && reader.ValueTextEquals("reasoning"u8);
                    reader.Read();
                    if (isName && reader.TokenType == JsonTokenType.String)
                    {
                        column = Scores.Add(Compose(metric, Name(ref reader), ":"));
                    }
                    else if (isReasoning)
                    {
                        reasoning = reader.TokenType == JsonTokenType.String;
                    }
                    reader.Skip();
                }
                if (column is not null && reasoning)
                {
                    _reasoning.Add(column);
                }
            }
        }
    }

    private ReadOnlySpan<char> Name(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_name.Length < length)
        {
            _name = new char[length];
        }
        return _name.AsSpan(0, reader.CopyString(_name));
    }

    private ReadOnlySpan<char> Compose(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> separator)
    {
        var length = first.Length + separator.Length + second.Length;
        if (_column.Length < length)
        {
            _column = new char[length * 2];
        }
        first.CopyTo(_column);
        separator.CopyTo(_column.AsSpan(first.Length));
        second.CopyTo(_column.AsSpan(first.Length + separator.Length));
        return _column.AsSpan(0, length);
    }
}

/// <summary>Names in first-seen order without duplicates, looked up by span so that a name seen before costs no string.</summary>
internal sealed class NameSet
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameSet() => _lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();

    public List<string> Items { get; } = [];

    public bool Contains(string name) => _seen.Contains(name);

    /// <summary>Adds the name if new; returns the stored string either way.</summary>
    public string Add(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var known))
        {
            return known;
        }
        var added = new string(name);
        _seen.Add(added);
        Items.Add(added);
        return added;
    }
}
