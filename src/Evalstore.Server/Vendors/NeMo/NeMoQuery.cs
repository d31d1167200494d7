using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>
/// Reads NeMo's list and retrieve parameters with NeMo's statuses: an unknown parameter or a bad filter is a 400
/// ("Unsupported query parameter(s): …"), a bad value of a known parameter a 422 as FastAPI's validation gives.
/// </summary>
internal static class NeMoQuery
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = ResultQuery.MaxPageSize;

    private static readonly string[] s_listParameters = ["page", "page_size", "sort", "filter", "search", "aggregate_fields"];
    private static readonly string[] s_sorts = ["-created_at", "created_at", "-updated_at", "updated_at", "-name", "name"];

    // NeMo filters labels as data.labels.<key>; Evalstore's field is labels.<key>.
    private const string NeMoLabelPrefix = "data.labels.";

    /// <summary>The result query of a list request, restricted to completed results of one kind.</summary>
    public static ResultQuery List(HttpRequest request, ResultKind kind)
    {
        Reject(request, s_listParameters, allowFilterKeys: true);
        var sort = request.Query["sort"].ToString() is { Length: > 0 } s ? s : "-created_at";
        if (!s_sorts.Contains(sort, StringComparer.Ordinal))
        {
            throw NeMoErrorFormat.Validation("sort", "enum", $"Invalid sort '{sort}'. Valid values: {string.Join(", ", s_sorts)}.");
        }
        var pairs = request.Query.SelectMany(
            q => q.Value.Select(v => KeyValuePair.Create(q.Key.Replace(NeMoLabelPrefix, "labels.", StringComparison.Ordinal),
            IsFilter(q.Key) ? v?.Replace($"\"{NeMoLabelPrefix}", "\"labels.", StringComparison.Ordinal) : v)));
        var filter = FilterParser.FromQuery(pairs, FilterSchema.Results)?.Filter;
        // NeMo creates a result only for a completed job: running and failed results are not NeMo job results.
        FilterExpr completed = new FieldFilter("status", FilterOperator.Eq, ["completed"]);
        return new ResultQuery
        {
            Filter = filter is null ? completed : new AndFilter([filter, completed]),
            Sort = sort,
            Page = Int(request, "page", 1, int.MaxValue) ?? 1,
            PageSize = Int(request, "page_size", 1, MaxPageSize) ?? DefaultPageSize,
            Kind = kind,
        };
    }

    /// <summary>
    /// The selected aggregate fields (comma-separated or repeated); null when none are given, which selects every
    /// field, as NeMo's own endpoint tests expect <c>std_dev</c> by default and seed 004's pandas example reads it.
    /// </summary>
    public static IReadOnlySet<string>? AggregateFields(HttpRequest request)
    {
        var names = request.Query["aggregate_fields"].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(
            v => v.Length > 0).ToList();
        var invalid = names.FirstOrDefault(n => !NeMoAggregates.FieldNames.Contains(n, StringComparer.Ordinal));
        if (invalid is not null)
        {
            var valid = string.Join(", ", NeMoAggregates.FieldNames.Order(StringComparer.Ordinal));
            throw NeMoErrorFormat.Validation("aggregate_fields", "enum", $"Invalid aggregate field: '{invalid}'. Valid fields: {valid}.");
        }
        return names.Count == 0 ? null : names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Rejects every parameter but <paramref name="allowed"/> (and filter/search keys when asked).</summary>
    public static void Reject(HttpRequest request, IReadOnlyCollection<string> allowed, bool allowFilterKeys = false)
    {
        var unsupported =
            request.Query.Keys.Where(k => !allowed.Contains(k) && !(allowFilterKeys && IsFilter(k))).Order(StringComparer.Ordinal).ToList();
        if (unsupported.Count > 0)
        {
            throw EvalstoreException.BadRequest(
                $"Unsupported query parameter(s): {string.Join(", ", unsupported)}. Allowed parameters: {string.Join(", ", allowed)}");
        }
    }

    private static bool IsFilter(string key) => FilterParser.IsFilterKey(key);

    private static int? Int(HttpRequest request, string name, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw NeMoErrorFormat.Validation(name, "int_parsing",
                $"Input should be a valid integer, unable to parse string as an integer: '{text}'.");
        }
        return value < min
            ? throw NeMoErrorFormat.Validation(name, "greater_than_equal", $"Input should be greater than or equal to {min}.")
            : value > max ? throw NeMoErrorFormat.Validation(name, "less_than_equal", $"Input should be less than or equal to {max}.")
            : value;
    }
}
