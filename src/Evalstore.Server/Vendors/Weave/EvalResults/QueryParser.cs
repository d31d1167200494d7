using System.Text.Json;
using Evalstore.Core;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Parses Weave's <c>{"$expr": …}</c> filter language. A malformed expression is a 422 (pydantic would reject it);
/// an operator or field this server does not evaluate is a 400 that lists what is supported.
/// </summary>
internal sealed class QueryParser(Func<string, int> slotOf, object[] location)
{
    public const string Operators = "$and, $or, $not, $eq, $gt, $gte, $lt, $lte, $in, $contains, $getField, $literal, $convert";

    public QueryExpr ParseQuery(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object || !query.TryGetProperty("$expr", out var expr))
        {
            throw Invalid("A query is an object with one member, \"$expr\"");
        }
        return Parse(expr);
    }

    private QueryExpr Parse(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object || node.GetPropertyCount() != 1)
        {
            throw Invalid($"Each operation is an object with exactly one operator member, found {node.GetRawText()}");
        }
        var operation = node.EnumerateObject().First();
        var argument = operation.Value;
        return operation.Name switch
        {
            "$literal" => new LiteralExpr(QueryValue.From(argument)),
            "$getField" => Field(argument),
            "$and" => new AndExpr(List(argument, operation.Name, 1)),
            "$or" => new OrExpr(List(argument, operation.Name, 1)),
            "$not" => new NotExpr(Single(argument, operation.Name)),
            "$eq" or "$gt" or "$gte" or "$lt" or "$lte" => Pair(argument, operation.Name) is var (left, right)
                ? new CompareExpr(operation.Name, left, right) : throw new InvalidOperationException(),
            "$in" => In(argument),
            "$contains" => Contains(argument),
            "$convert" => Convert(argument),
            var other => throw EvalstoreException.BadRequest($"Unsupported filter operator '{other}'. Supported: {Operators}."),
        };
    }

    private FieldExpr Field(JsonElement argument)
    {
        if (argument.ValueKind != JsonValueKind.String)
        {
            throw Invalid("$getField takes a field path string");
        }
        var path = argument.GetString()!;
        return new FieldExpr(path, slotOf(TrialFields.Check(path)));
    }

    private List<QueryExpr> List(JsonElement argument, string name, int minimum)
    {
        if (argument.ValueKind != JsonValueKind.Array || argument.GetArrayLength() < minimum)
        {
            throw Invalid($"{name} takes a list of at least {minimum} operation(s)");
        }
        return [.. argument.EnumerateArray().Select(Parse)];
    }

    private QueryExpr Single(JsonElement argument, string name) =>
        argument.ValueKind == JsonValueKind.Array && argument.GetArrayLength() == 1 ? Parse(argument[0])
        : argument.ValueKind == JsonValueKind.Object ? Parse(argument)
        : throw Invalid($"{name} takes one operation (as a one-element list)");

    private (QueryExpr, QueryExpr) Pair(JsonElement argument, string name) =>
        argument.ValueKind == JsonValueKind.Array && argument.GetArrayLength() == 2
            ? (Parse(argument[0]), Parse(argument[1]))
            : throw Invalid($"{name} takes a list of two operands");

    private InExpr In(JsonElement argument)
    {
        if (argument.ValueKind != JsonValueKind.Array || argument.GetArrayLength() != 2 || argument[1].ValueKind != JsonValueKind.Array)
        {
            throw Invalid("$in takes [operand, [operands]]");
        }
        return new InExpr(Parse(argument[0]), [.. argument[1].EnumerateArray().Select(Parse)]);
    }

    private ContainsExpr Contains(JsonElement argument)
    {
        if (argument.ValueKind != JsonValueKind.Object || !argument.TryGetProperty("input", out var input)
            || !argument.TryGetProperty("substr", out var part))
        {
            throw Invalid("$contains takes {\"input\": operand, \"substr\": operand, \"case_insensitive\": bool}");
        }
        var insensitive = argument.TryGetProperty("case_insensitive", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new ContainsExpr(Parse(input), Parse(part), insensitive);
    }

    private ConvertExpr Convert(JsonElement argument)
    {
        if (argument.ValueKind != JsonValueKind.Object || !argument.TryGetProperty("input", out var input)
            || !argument.TryGetProperty("to", out var to)
            || to.GetString() is not ("double" or "int" or "string" or "bool" or "exists"))
        {
            throw Invalid("$convert takes {\"input\": operand, \"to\": \"double\" | \"int\" | \"string\" | \"bool\" | \"exists\"}");
        }
        return new ConvertExpr(Parse(input), to.GetString()!);
    }

    private EvalstoreException Invalid(string message) => WeaveErrors.Validation(message, location);
}
