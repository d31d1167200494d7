namespace Evalstore.Core.Filtering;

/// <summary>How a filterable field's values are compared.</summary>
public enum FilterFieldType
{
    /// <summary>Text: ordinal comparisons, case-insensitive <c>$like</c>.</summary>
    Text,
    /// <summary>An instant: values are ISO 8601 dates or date-times (UTC when no offset is given), compared as instants.</summary>
    DateTime,
}
