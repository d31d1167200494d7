using System.Text.Json;

namespace Evalstore.Core.Filtering;

/// <summary>Writes a parsed filter back in the JSON object syntax, so a client can send what it parsed.</summary>
public static class FilterJson
{
    /// <summary>The filter as a JSON object string, e.g. <c>{"$and":[{"name":{"$like":"llama"}}]}</c>.</summary>
    public static string ToJson(FilterExpr filter)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(filter, writer);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(FilterExpr filter, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        switch (filter)
        {
            case AndFilter and:
                WriteList("$and", and.Terms, writer);
                break;
            case OrFilter or:
                WriteList("$or", or.Terms, writer);
                break;
            case NotFilter not:
                writer.WritePropertyName("$not");
                Write(not.Term, writer);
                break;
            case FieldFilter field:
                writer.WriteStartObject(field.Field);
                var op = "$" + field.Operator.ToString().ToLowerInvariant();
                if (field.Operator is FilterOperator.In or FilterOperator.Nin)
                {
                    writer.WriteStartArray(op);
                    field.Values.ToList().ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteString(op, field.Value);
                }
                writer.WriteEndObject();
                break;
        }
        writer.WriteEndObject();
    }

    private static void WriteList(string op, IReadOnlyList<FilterExpr> terms, Utf8JsonWriter writer)
    {
        writer.WriteStartArray(op);
        foreach (var term in terms)
        {
            Write(term, writer);
        }
        writer.WriteEndArray();
    }
}
