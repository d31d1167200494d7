using System.Text;
using System.Text.Json;

namespace Evalstore.Core.Filtering;

/// <summary>
/// Writes a filter in NeMo's JSON object syntax with every operator explicit, e.g.
/// <c>{"$and":[{"name":{"$like":"llama"}},{"created_at":{"$gt":"2025-01-01"}}]}</c>. The output parses back to the same
/// filter with <c>FilterParser.Parse</c> (Evalstore.Core), so it serves as a canonical form for echoing and comparing filters.
/// </summary>
public static class FilterJson
{
    private static readonly JsonWriterOptions s_options = new()
    {
        // Keep non-ASCII text readable; the output is a JSON document, not HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical JSON text of <paramref name="expr"/>; an AND without terms is <c>{}</c>.</summary>
    public static string ToJson(FilterExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            if (expr is AndFilter { Terms.Count: 0 })
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                Write(writer, expr);
            }
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, FilterExpr expr)
    {
        writer.WriteStartObject();
        switch (expr)
        {
            case AndFilter and:
                WriteList(writer, "$and", and.Terms);
                break;
            case OrFilter or:
                WriteList(writer, "$or", or.Terms);
                break;
            case NotFilter not:
                writer.WritePropertyName("$not");
                Write(writer, not.Term);
                break;
            case FieldFilter field:
                writer.WritePropertyName(field.Field);
                writer.WriteStartObject();
                if (field.Operator.TakesList())
                {
                    writer.WriteStartArray(field.Operator.ToToken());
                    foreach (var value in field.Values)
                    {
                        writer.WriteStringValue(value);
                    }
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteString(field.Operator.ToToken(), field.Value);
                }
                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown filter node {expr.GetType().Name}.", nameof(expr));
        }
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<FilterExpr> terms)
    {
        writer.WriteStartArray(name);
        foreach (var term in terms)
        {
            Write(writer, term);
        }
        writer.WriteEndArray();
    }
}
