using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Client;

/// <summary>Builds a <see cref="RowRecord"/> from one row-scores line, reading only the fields it indexes.</summary>
internal static class RowRecords
{
    public static RowRecord FromLine(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        long rowIndex = 0;
        var trial = 0;
        var digest = "";
        var depth = 0;
        var found = 0;
        while (found < 3 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1:
                    if (reader.ValueTextEquals("row_index"u8) && reader.Read())
                    {
                        rowIndex = reader.GetInt64();
                        found++;
                    }
                    else if (reader.ValueTextEquals("trial"u8) && reader.Read())
                    {
                        trial = reader.GetInt32();
                        found++;
                    }
                    else if (reader.ValueTextEquals("row_digest"u8) && reader.Read())
                    {
                        digest = reader.GetString() ?? "";
                        found++;
                    }
                    break;
            }
        }
        return new RowRecord(rowIndex, trial, digest, line);
    }
}
