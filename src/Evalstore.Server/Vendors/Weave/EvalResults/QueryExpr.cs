namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// A parsed Weave <c>$expr</c> (<c>$and $or $not $eq $gt $gte $lt $lte $in $contains $getField $literal $convert</c>).
/// Fields are resolved to slots when parsed, so evaluation only looks values up.
/// </summary>
internal abstract record QueryExpr
{
    /// <summary>Evaluates against the values of one row digest, indexed by slot.</summary>
    public abstract QueryValue Evaluate(IReadOnlyList<QueryValue> slots);
}

internal sealed record LiteralExpr(QueryValue Value) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots) => Value;
}

internal sealed record FieldExpr(string Path, int Slot) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots) => slots[Slot];
}

internal sealed record AndExpr(IReadOnlyList<QueryExpr> Terms) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots) => QueryValue.Of(Terms.All(t => t.Evaluate(slots).IsTrue));
}

internal sealed record OrExpr(IReadOnlyList<QueryExpr> Terms) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots) => QueryValue.Of(Terms.Any(t => t.Evaluate(slots).IsTrue));
}

internal sealed record NotExpr(QueryExpr Term) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots) => QueryValue.Of(!Term.Evaluate(slots).IsTrue);
}

/// <summary><c>$eq $gt $gte $lt $lte</c>: null equals only null, and nothing orders against null.</summary>
internal sealed record CompareExpr(string Operator, QueryExpr Left, QueryExpr Right) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots)
    {
        var left = Left.Evaluate(slots);
        var right = Right.Evaluate(slots);
        if (Operator == "$eq" && (left.IsNull || right.IsNull))
        {
            return QueryValue.Of(left.IsNull && right.IsNull);
        }
        var order = QueryValue.Compare(left, right);
        return QueryValue.Of(order is { } o && Operator switch
        {
            "$eq" => o == 0,
            "$gt" => o > 0,
            "$gte" => o >= 0,
            "$lt" => o < 0,
            _ => o <= 0,
        });
    }
}

internal sealed record InExpr(QueryExpr Value, IReadOnlyList<QueryExpr> Candidates) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots)
    {
        var value = Value.Evaluate(slots);
        return QueryValue.Of(Candidates.Any(c => new CompareExpr("$eq", new LiteralExpr(value), c).Evaluate(slots).IsTrue));
    }
}

internal sealed record ContainsExpr(QueryExpr Input, QueryExpr Substring, bool CaseInsensitive) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots)
    {
        var input = Input.Evaluate(slots);
        var part = Substring.Evaluate(slots);
        return QueryValue.Of(!input.IsNull && input.AsText().Contains(part.AsText(),
            CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
    }
}

/// <summary><c>$convert</c> to <c>double</c>, <c>int</c>, <c>string</c>, <c>bool</c> or <c>exists</c>.</summary>
internal sealed record ConvertExpr(QueryExpr Input, string To) : QueryExpr
{
    public override QueryValue Evaluate(IReadOnlyList<QueryValue> slots)
    {
        var value = Input.Evaluate(slots);
        return To switch
        {
            "exists" => QueryValue.Of(!value.IsNull),
            _ when value.IsNull => QueryValue.Null,
            "double" => value.AsNumber() is { } d ? QueryValue.Of(d) : QueryValue.Null,
            "int" => value.AsNumber() is { } i ? QueryValue.Of(Math.Truncate(i)) : QueryValue.Null,
            "bool" => QueryValue.Of(value.IsTrue),
            _ => QueryValue.Of(value.AsText()),
        };
    }
}
