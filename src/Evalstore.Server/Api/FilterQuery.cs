using Evalstore.Core.Filtering;
using Evalstore.Server.Http;

namespace Evalstore.Server.Api;

/// <summary>Reads a result filter (NeMo's JSON, bracket or text syntax) from the query string and rejects unknown parameters.</summary>
internal static class FilterQuery
{
    public static FilterExpr? Read(HttpRequest request, IReadOnlyCollection<string> known)
    {
        request.RejectUnknownQuery(known, FilterParser.IsFilterKey);
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)));
        return FilterParser.FromQuery(pairs, FilterSchema.Results)?.Filter;
    }
}
