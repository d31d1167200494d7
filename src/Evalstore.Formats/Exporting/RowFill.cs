using System.Text.Json;
using Evalstore.Core.Aggregation;

namespace Evalstore.Formats.Exporting;

internal sealed partial class RowTable
{
    /// <summary>The second pass: one row's cells, filled in a single read of its stored bytes.</summary>
    private sealed class RowFill(RowTable table)
    {
        private readonly byte[] _source = new byte[table.Header.Count];
        private readonly NameSet _metrics = new();
        private char[] _name = new char[256];
        private char[] _column = new char[512];

        public TableCell[] Cells { get; } = new TableCell[table.Header.Count];

        public void Clear()
        {
            Array.Clear(Cells);
            Array.Clear(_source);
        }

        /// <summary>
        /// Keeps the first non-empty value by source order (item, scores, latency, row facts, sample, errors), then by
        /// position: the JSON's property order does not matter.
        /// </summary>
        public void Set(int column, TableCell cell, byte source)
        {
            if (column < 0 || cell.Kind == CellKind.Empty)
            {
                return;
            }
            if (Cells[column].Kind == CellKind.Empty || _source[column] > source)
            {
                Cells[column] = cell;
                _source[column] = source;
            }
        }

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
                        ReadFields(ref reader, json, "", FromItem);
                    }
                    else
                    {
                        Set(table.Column(StringItemColumn), Cell(ref reader, json), FromItem);
                    }
                }
                else if (reader.ValueTextEquals("sample"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadFields(ref reader, json, "sample.", FromSample);
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
                        ReadMetrics(ref reader, json);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("metric_errors"u8))
                {
                    reader.Read();
                    var errors = reader.TokenType == JsonTokenType.StartObject;
                    var cell = Cell(ref reader, json);
                    if (errors)
                    {
                        Set(table._errors, cell, FromErrors);
                    }
                }
                else if (reader.ValueTextEquals(BuiltInScores.LatencyMs))
                {
                    // A built-in score is derived from a row field, not stored under metrics (a row's own metric of the same
                    // name wins, as it does at ingest).
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number)
                    {
                        Set(table._latency, Cell(ref reader, json), FromLatency);
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

        private void ReadFields(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string prefix, byte source)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = table.Column(Compose(prefix, Name(ref reader), ""));
                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                    continue;
                }
                Set(column, Cell(ref reader, json), source);
            }
        }

        private void ReadMetrics(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
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
                    ReadScore(ref reader, json, metric);
                }
            }
        }

        /// <summary>One score object: its value and reasoning go to the columns its name selects, whatever the key order.</summary>
        private void ReadScore(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string metric)
        {
            var column = -1;
            TableCell value = default, reasoning = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        column = table.Column(Compose(metric, Name(ref reader), ":"));
                    }
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    reader.Read();
                    value = Cell(ref reader, json);
                }
                else if (reader.ValueTextEquals("reasoning"u8))
                {
                    reader.Read();
                    reasoning = reader.TokenType == JsonTokenType.String ? TableCell.Of(reader.GetString()) : default;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (column < 0)
            {
                return;
            }
            Set(column, value, FromScore);
            if (reasoning.Kind != CellKind.Empty)
            {
                Set(table.Column(Compose("reasoning.", table.Header[column], "")), reasoning, FromScore);
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
}
