using Evalstore.Core.Filtering;

namespace Evalstore.Core.Model;

/// <summary>A page request over results: filter, sort and paging.</summary>
public sealed record ResultQuery
{
    /// <summary>The largest page any listing serves (native API, vendor surfaces, CLI): one constant, so they agree.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Parsed filter; null lists everything.</summary>
    public FilterExpr? Filter { get; init; }
    /// <summary>Sort field with an optional leading <c>-</c> for descending: <c>created_at</c>, <c>updated_at</c>, <c>name</c>.</summary>
    public string Sort { get; init; } = "-created_at";
    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;
    /// <summary>Results per page.</summary>
    public int PageSize { get; init; } = 100;
    /// <summary>Restrict to one kind (NeMo's metric and benchmark lists).</summary>
    public ResultKind? Kind { get; init; }
    /// <summary>
    /// Count every match for <see cref="ResultPage.TotalResults"/> (the default). Without it the store reads one result
    /// more than the page, which tells whether another page follows, and counts nothing: a first page of a large
    /// workspace then costs the page, not the workspace.
    /// </summary>
    public bool Count { get; init; } = true;
}

/// <summary>One page of results.</summary>
public sealed record ResultPage(IReadOnlyList<ResultInfo> Data, int Page, int PageSize, long TotalResults)
{
    /// <summary>Pages in total (at least 1 so that page 1 of nothing exists).</summary>
    public int TotalPages => PageSize <= 0 ? 1 : (int)Math.Max(1, (TotalResults + PageSize - 1) / PageSize);

    /// <summary>
    /// False when the query asked for no count: <see cref="TotalResults"/> is then the results up to this page plus one
    /// when another page follows (exact on the last page), so a loop that stops at <see cref="TotalPages"/> still
    /// visits every page.
    /// </summary>
    public bool Counted { get; init; } = true;

    /// <summary>Whether a page follows this one.</summary>
    public bool HasMore => Page < TotalPages;
}

/// <summary>Which rows of a result to read.</summary>
public sealed record RowQuery
{
    /// <summary>Score conditions, all of which must hold.</summary>
    public IReadOnlyList<ScoreCondition> Where { get; init; } = [];
    /// <summary>Only this trial.</summary>
    public int? Trial { get; init; }
    /// <summary>First row index (inclusive).</summary>
    public long? FromRow { get; init; }
    /// <summary>Last row index (inclusive).</summary>
    public long? ToRow { get; init; }
    /// <summary>Only rows with at least one metric error.</summary>
    public bool ErroredOnly { get; init; }
    /// <summary>Rows to skip after filtering.</summary>
    public long Offset { get; init; }
    /// <summary>Maximum rows to return; null for all.</summary>
    public long? Limit { get; init; }
    /// <summary>Sort by this score (<c>metric</c> or <c>metric:name</c>) instead of row order.</summary>
    public string? SortBy { get; init; }
    /// <summary>Sort descending.</summary>
    public bool Descending { get; init; }
}

/// <summary>Outcome of one appended batch; a retried batch with the same idempotency key returns the first outcome.</summary>
public sealed record AppendOutcome
{
    /// <summary>Rows stored by this batch.</summary>
    public required long RowsAccepted { get; init; }
    /// <summary>Rows in the result after the batch.</summary>
    public required long TotalRows { get; init; }
    /// <summary>Smallest row index in the batch.</summary>
    public long? FirstRowIndex { get; init; }
    /// <summary>Largest row index in the batch.</summary>
    public long? LastRowIndex { get; init; }
    /// <summary>True when this is a replay of an earlier batch with the same idempotency key.</summary>
    public bool Replayed { get; init; }
}
