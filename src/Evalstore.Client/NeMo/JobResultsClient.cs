using System.Globalization;
using System.Runtime.CompilerServices;
using Evalstore.Contracts.NeMo;

namespace Evalstore.Client.NeMo;

/// <summary>
/// NeMo's <c>metric_job_results</c> or <c>benchmark_job_results</c>: list, retrieve and delete job results by name.
/// Filters take NeMo's syntaxes: a JSON string (<c>{"metric":"ws/m"}</c>), the text syntax (<c>name~"llama"</c>), or
/// any object, which is sent as its JSON (<c>new { metric = "ws/m" }</c>).
/// </summary>
/// <typeparam name="T">The result type of the family.</typeparam>
public sealed class JobResultsClient<T> where T : JobResult
{
    private readonly NeMoTransport _transport;
    private readonly string _path;

    internal JobResultsClient(NeMoTransport transport, string path)
    {
        _transport = transport;
        _path = path;
    }

    /// <summary>Every matching result, fetching page after page as the caller iterates.</summary>
    /// <param name="filter">Filter on name, metric or benchmark, dataset, model, created_at, labels.</param>
    /// <param name="search">Deprecated alias of <paramref name="filter"/> where bare values match substrings.</param>
    /// <param name="sort"><c>created_at</c>, <c>updated_at</c> or <c>name</c>, with a leading <c>-</c> for descending.</param>
    /// <param name="pageSize">Results fetched per request (server default 100).</param>
    /// <param name="aggregateFields">Aggregate fields to include; all when null.</param>
    /// <param name="workspace">Workspace; defaults to the client's.</param>
    /// <param name="cancellationToken">Stops the iteration.</param>
    public async IAsyncEnumerable<T> ListAsync(object? filter = null, object? search = null, string? sort = null, int? pageSize = null,
        IEnumerable<string>? aggregateFields = null, string? workspace = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fields = aggregateFields?.ToList();
        for (var page = 1; ; page++)
        {
            var current = await ListPageAsync(page, pageSize, filter, search, sort, fields, workspace, cancellationToken);
            foreach (var result in current.Data)
            {
                yield return result;
            }
            if (page >= current.Pagination.TotalPages || current.Data.Count == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>One page of matching results, with NeMo's pagination totals.</summary>
    /// <param name="page">1-based page number.</param>
    /// <param name="pageSize">Results per page (server default 100).</param>
    /// <param name="filter">See <see cref="ListAsync"/>.</param>
    /// <param name="search">See <see cref="ListAsync"/>.</param>
    /// <param name="sort">See <see cref="ListAsync"/>.</param>
    /// <param name="aggregateFields">Aggregate fields to include; all when null.</param>
    /// <param name="workspace">Workspace; defaults to the client's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JobResultPage<T>> ListPageAsync(int page = 1, int? pageSize = null, object? filter = null, object? search = null,
        string? sort = null, IEnumerable<string>? aggregateFields = null, string? workspace = null,
            CancellationToken cancellationToken = default)
    {
        var query = NeMoTransport.Query(
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("page_size", pageSize?.ToString(CultureInfo.InvariantCulture)),
            ("sort", sort),
            ("filter", NeMoTransport.FilterText(filter)),
            ("search", NeMoTransport.FilterText(search)),
            ("aggregate_fields", Fields(aggregateFields)));
        return await _transport.GetAsync<JobResultPage<T>>(
            await _transport.PathAsync(workspace, _path + query, cancellationToken), cancellationToken);
    }

    /// <summary>A result by its job's name.</summary>
    /// <param name="name">The job (and result) name.</param>
    /// <param name="aggregateFields">Aggregate fields to include; all when null.</param>
    /// <param name="workspace">Workspace; defaults to the client's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<T> RetrieveAsync(string name, IEnumerable<string>? aggregateFields = null, string? workspace = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var relative = $"{_path}/{Uri.EscapeDataString(name)}{NeMoTransport.Query(("aggregate_fields", Fields(aggregateFields)))}";
        return await _transport.GetAsync<T>(await _transport.PathAsync(workspace, relative, cancellationToken), cancellationToken);
    }

    /// <summary>Deletes a result: it disappears from every list and query.</summary>
    /// <param name="name">The job (and result) name.</param>
    /// <param name="workspace">Workspace; defaults to the client's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task DeleteAsync(string name, string? workspace = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _transport.DeleteAsync(
            await _transport.PathAsync(workspace, $"{_path}/{Uri.EscapeDataString(name)}", cancellationToken), cancellationToken);
    }

    private static string? Fields(IEnumerable<string>? fields) => fields is null ? null : string.Join(',', fields);
}
