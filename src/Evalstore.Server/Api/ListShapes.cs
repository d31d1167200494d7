using Evalstore.Core.Model;

namespace Evalstore.Server.Api;

/// <summary>A page of results in the shape NeMo's SDK pages with: <c>data</c>, <c>pagination</c>, <c>sort</c>.</summary>
internal sealed record ResultListResponse(IReadOnlyList<ResultInfo> Data, Pagination Pagination, string Sort)
{
    public static ResultListResponse From(ResultPage page, string sort) => new(page.Data, Pagination.From(page), sort);
}

/// <summary>
/// Paging totals. Without <c>count=true</c> nothing is counted: <c>counted</c> is false and <c>total_results</c> /
/// <c>total_pages</c> cover the results up to this page plus one when <c>has_more</c>, so an old client that pages until
/// <c>total_pages</c> still reads every page.
/// </summary>
internal sealed record Pagination(int Page, int PageSize, int CurrentPageSize, int TotalPages, long TotalResults, bool Counted,
    bool HasMore)
{
    public static Pagination From(ResultPage page) =>
        new(page.Page, page.PageSize, page.Data.Count, page.TotalPages, page.TotalResults, page.Counted, page.HasMore);
}
