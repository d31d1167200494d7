using System.Globalization;
using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// DigitalOcean's paging (digitalocean/openapi 7c1300c4: <c>shared/parameters.yml</c> and the "Links &amp; Pagination"
/// section of <c>description.yml</c>): <c>per_page</c> defaults to 20 and goes up to 200, and <c>links.pages</c>
/// holds only the links that make sense: no <c>first</c> or <c>previous</c> on the first page, no <c>next</c> or
/// <c>last</c> on the last. One exception, decided in docs/compat.md: everything on one page answers as DigitalOcean's
/// own example of the results endpoint (seed 002), with all four keys and <c>""</c> for the pages that do not exist.
/// </summary>
internal static class GradientPaging
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 200;

    public static readonly string[] Parameters = ["page", "per_page"];

    /// <summary>The requested page and page size (400 for values outside 1…max).</summary>
    public static (int Page, int PerPage) Read(HttpRequest request) =>
        (request.QueryInt("page", 1, int.MaxValue) ?? 1, request.QueryInt("per_page", 1, MaxPerPage) ?? DefaultPerPage);

    /// <summary>Total pages: at least 1, so an empty list is one empty page.</summary>
    public static long Pages(long total, int perPage) => Math.Max(1, (total + perPage - 1) / perPage);

    /// <summary>The page links of <paramref name="page"/> of <paramref name="pages"/> on the request's own path.</summary>
    public static ApiLinks Links(HttpRequest request, long page, long pages, int perPage)
    {
        string Url(long p) => string.Create(CultureInfo.InvariantCulture,
            $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?page={p}&per_page={perPage}");
        if (page == 1 && pages == 1)
        {
            return new ApiLinks(new ApiPages(First: Url(1), Last: Url(1), Next: "", Previous: ""));
        }
        return new ApiLinks(new ApiPages(
            First: page > 1 ? Url(1) : null,
            Last: page != pages ? Url(pages) : null,
            Next: page < pages ? Url(page + 1) : null,
            Previous: page > 1 ? Url(Math.Min(page - 1, pages)) : null));
    }
}
