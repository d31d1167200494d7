namespace Evalstore.Core.Filtering;

/// <summary>A parsed result filter (NeMo syntax: JSON object, bracket notation or text).</summary>
public abstract record FilterExpr
{
    /// <summary>The canonical JSON form (<see cref="FilterJson.ToJson"/>), readable in logs and test failures.</summary>
    public sealed override string ToString() => FilterJson.ToJson(this);
}

/// <summary>All terms hold.</summary>
public sealed record AndFilter(IReadOnlyList<FilterExpr> Terms) : FilterExpr;

/// <summary>At least one term holds.</summary>
public sealed record OrFilter(IReadOnlyList<FilterExpr> Terms) : FilterExpr;

/// <summary>The term does not hold.</summary>
public sealed record NotFilter(FilterExpr Term) : FilterExpr;

/// <summary>A comparison of one field with one value or a list of values.</summary>
/// <param name="Field">Field name, e.g. <c>name</c>, <c>created_at</c>, <c>labels.team</c>.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Values">One value, or several for <c>$in</c> and <c>$nin</c>; values are text, typed by the field.</param>
public sealed record FieldFilter(string Field, FilterOperator Operator, IReadOnlyList<string> Values) : FilterExpr
{
    /// <summary>The single value of a scalar comparison.</summary>
    public string Value => Values.Count > 0 ? Values[0] : "";
}

/// <summary>Comparison operators of the filter language.</summary>
public enum FilterOperator
{
    /// <summary><c>$eq</c></summary>
    Eq,
    /// <summary><c>$like</c>: case-insensitive substring match.</summary>
    Like,
    /// <summary><c>$lt</c></summary>
    Lt,
    /// <summary><c>$lte</c></summary>
    Lte,
    /// <summary><c>$gt</c></summary>
    Gt,
    /// <summary><c>$gte</c></summary>
    Gte,
    /// <summary><c>$in</c></summary>
    In,
    /// <summary><c>$nin</c></summary>
    Nin,
}
