namespace Evalstore.Core.Filtering;

/// <summary>Placeholder until the filter language lands.</summary>
public static class FilterParser
{
    /// <summary>Not available yet.</summary>
    public static FilterExpr Parse(string text) => throw EvalstoreException.BadRequest($"Filtering is not available yet: {text}");
}
