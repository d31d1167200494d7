using System.Text.Json;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>Body of <c>POST eval_results/query</c> (Weave's <c>EvalResultsQueryBody</c>, with its defaults).</summary>
internal sealed record EvalResultsBody(
    IReadOnlyList<string>? EvaluationCallIds = null,
    IReadOnlyList<string>? EvaluationRunIds = null,
    bool RequireIntersection = false,
    bool IncludeRawDataRows = false,
    bool ResolveRowRefs = false,
    bool IncludeRows = true,
    bool IncludeSummary = false,
    bool? SummaryRequireIntersection = null,
    bool IncludePredictAndScoreChildren = true,
    bool IncludeCosts = false,
    IReadOnlyList<EvalResultsSortBy>? SortBy = null,
    IReadOnlyList<EvalResultsFilter>? Filters = null,
    string FilterLogicOperator = "or",
    long? Limit = null,
    long Offset = 0)
{
    /// <summary>Both id lists, concatenated and de-duplicated in order, as Weave's <c>resolve_eval_root_ids</c>.</summary>
    public IReadOnlyList<string> RunIds() => [.. (EvaluationCallIds ?? []).Concat(EvaluationRunIds ?? []).Distinct(StringComparer.Ordinal)];

    /// <summary>Throws a 422 for values pydantic would reject.</summary>
    public void Validate()
    {
        if (Limit is < 0)
        {
            throw WeaveErrors.Validation("Input should be greater than or equal to 0", "body", "limit");
        }
        if (Offset < 0)
        {
            throw WeaveErrors.Validation("Input should be greater than or equal to 0", "body", "offset");
        }
        if (FilterLogicOperator is not ("and" or "or"))
        {
            throw WeaveErrors.Validation("Input should be 'and' or 'or'", "body", "filter_logic_operator");
        }
        for (var i = 0; i < (SortBy?.Count ?? 0); i++)
        {
            if (SortBy![i].Direction is not ("asc" or "desc"))
            {
                throw WeaveErrors.Validation("Input should be 'asc' or 'desc'", "body", "sort_by", i, "direction");
            }
            if (SortBy[i].Mode is not ("value" or "difference"))
            {
                throw WeaveErrors.Validation("Input should be 'value' or 'difference'", "body", "sort_by", i, "mode");
            }
        }
    }
}

/// <summary>One sort key: a field, a direction, optionally scoped to one evaluation; <c>difference</c> sorts by the spread across
/// evaluations.</summary>
internal sealed record EvalResultsSortBy(string Field, string Direction, string? EvaluationCallId = null, string Mode = "value");

/// <summary>A filter (<c>{"$expr": …}</c>), optionally scoped to one evaluation's data.</summary>
internal sealed record EvalResultsFilter(JsonElement Query, string? EvaluationCallId = null);
