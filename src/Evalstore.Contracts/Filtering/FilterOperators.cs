namespace Evalstore.Core.Filtering;

/// <summary>The wire names of the filter operators (<c>$eq</c>, <c>$like</c>, …) and their classification.</summary>
public static class FilterOperators
{
    private static readonly Dictionary<string, FilterOperator> s_byToken = new(StringComparer.Ordinal)
    {
        ["$eq"] = FilterOperator.Eq,
        ["$like"] = FilterOperator.Like,
        ["$lt"] = FilterOperator.Lt,
        ["$lte"] = FilterOperator.Lte,
        ["$gt"] = FilterOperator.Gt,
        ["$gte"] = FilterOperator.Gte,
        ["$in"] = FilterOperator.In,
        ["$nin"] = FilterOperator.Nin,
    };

    /// <summary>The comparison operators as written on the wire, for error messages.</summary>
    public const string ComparisonList = "$eq, $like, $lt, $lte, $gt, $gte, $in, $nin";

    /// <summary>The wire token of an operator, e.g. <c>$gte</c>.</summary>
    public static string ToToken(this FilterOperator op) => op switch
    {
        FilterOperator.Eq => "$eq",
        FilterOperator.Like => "$like",
        FilterOperator.Lt => "$lt",
        FilterOperator.Lte => "$lte",
        FilterOperator.Gt => "$gt",
        FilterOperator.Gte => "$gte",
        FilterOperator.In => "$in",
        FilterOperator.Nin => "$nin",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown filter operator."),
    };

    /// <summary>Reads a wire token (case-sensitive, as in NeMo); false for anything else, including logical operators.</summary>
    public static bool TryParse(string token, out FilterOperator op) => s_byToken.TryGetValue(token, out op);

    /// <summary>True for <c>$in</c> and <c>$nin</c>, which take a list of values rather than one.</summary>
    public static bool TakesList(this FilterOperator op) => op is FilterOperator.In or FilterOperator.Nin;
}
