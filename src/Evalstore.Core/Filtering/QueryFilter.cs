namespace Evalstore.Core.Filtering;

/// <summary>The filter found in a request's query parameters by <see cref="FilterParser.FromQuery(IEnumerable{KeyValuePair{string,
/// string}})"/>.</summary>
/// <param name="Filter">The combined filter; null when the parameters were present but blank (<c>?filter=</c>).</param>
/// <param name="ConsumedKeys">
/// Every <c>filter</c>, <c>filter[…]</c>, <c>search</c> and <c>search[…]</c> key seen, including <c>search</c> keys that were
/// ignored because <c>filter</c> was given; the caller treats any other unknown key as an unsupported parameter.
/// </param>
/// <param name="FromSearch">True when the filter came from <c>search</c>, i.e. bare values meant <c>$like</c>.</param>
public sealed record QueryFilter(FilterExpr? Filter, IReadOnlySet<string> ConsumedKeys, bool FromSearch);
