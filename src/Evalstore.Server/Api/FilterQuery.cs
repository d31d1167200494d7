using Evalstore.Core;
using Evalstore.Core.Filtering;

namespace Evalstore.Server.Api;

/// <summary>Reads a result filter from the query string and rejects parameters the endpoint does not know.</summary>
internal static class FilterQuery
{
    public static FilterExpr? Read(HttpRequest request, IReadOnlyCollection<string> known)
    {
        request.RejectUnknownQuery(known, key => key.StartsWith("filter[", StringComparison.Ordinal) || key.StartsWith("search[", StringComparison.Ordinal));
        var hasFilter = request.Query.Keys.Any(k => k == "filter" || k == "search" || k.StartsWith("filter[", StringComparison.Ordinal) || k.StartsWith("search[", StringComparison.Ordinal));
        return hasFilter ? throw EvalstoreException.BadRequest("Filtering is not available yet.") : null;
    }
}
