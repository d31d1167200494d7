using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using Evalstore.Client.Http;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Client.NeMo;
using Evalstore.Core.Stores;

namespace Evalstore.Client;

/// <summary>
/// Typed async client for an Evalstore server's native API. It implements <see cref="IEvalStore"/> and
/// <see cref="IEvalAnalysis"/> (answered by the server), so code written against a local store runs unchanged against a server. Every
/// failure is an <see cref="EvalstoreException"/>
/// carrying the server's problem details.
/// </summary>
public sealed partial class EvalstoreClient : IEvalStore, IEvalAnalysis
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for a server, authenticating with an API key when given.</summary>
    public EvalstoreClient(Uri baseAddress, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        _ownsHttp = true;
    }

    /// <summary>Creates a client over an existing <see cref="HttpClient"/> whose base address points at the server.</summary>
    public EvalstoreClient(HttpClient http)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
    }

    /// <summary>
    /// Workspace of the vendor facades when a call names none; when null, the API key's own workspace (asked once from
    /// <c>/api/v1/whoami</c>), which is <c>default</c> on a keyless server.
    /// </summary>
    public string? Workspace { get; init; }

    /// <summary>The NeMo Evaluator-shaped facade: metric and benchmark job results and their downloads.</summary>
    public EvaluationClient Evaluation => _evaluation ??= new EvaluationClient(_http, Workspace);

    private EvaluationClient? _evaluation;

    private static string Ws(string workspace) => "api/v1/workspaces/" + Uri.EscapeDataString(workspace);

    /// <inheritdoc />
    public Task<ResultInfo> CreateResultAsync(string workspace, RunSpec spec, CancellationToken cancellationToken = default) =>
        SendAsync<ResultInfo>(
            HttpMethod.Post, $"{Ws(workspace)}/results", JsonContent.Create(spec, options: EvalstoreJson.Options), cancellationToken);

    /// <inheritdoc />
    public async Task<AppendOutcome> AppendRowsAsync(string workspace, Guid resultId, IAsyncEnumerable<IngestRow> rows,
        string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request =
            new HttpRequestMessage(HttpMethod.Post, $"{Ws(workspace)}/results/{resultId}/rows") { Content = new JsonlContent(rows) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await SendAsync<AppendOutcome>(request, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ResultInfo> CompleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default) =>
        SendAsync<ResultInfo>(HttpMethod.Post, $"{Ws(workspace)}/results/{resultId}/complete", null, cancellationToken);

    /// <inheritdoc />
    public Task<ResultInfo> FailResultAsync(
        string workspace, Guid resultId, string errorDescription, CancellationToken cancellationToken = default) =>
        SendAsync<ResultInfo>(HttpMethod.Post, $"{Ws(workspace)}/results/{resultId}/fail",
            JsonContent.Create(new { error = errorDescription }, options: EvalstoreJson.Options), cancellationToken);

    /// <inheritdoc />
    public Task<ResultInfo> ImportResultAsync(
        string workspace, RunSpec spec, IAsyncEnumerable<IngestRow> rows, CancellationToken cancellationToken = default)
    {
        // The spec travels as its own part, so a harness's large config does not have to fit in a URL; rows stream after it.
        var content = new MultipartFormDataContent
        {
            { JsonContent.Create(spec, options: EvalstoreJson.Options), "spec" },
            { new JsonlContent(rows), "rows", "rows.jsonl" },
        };
        return SendAsync<ResultInfo>(HttpMethod.Post, $"{Ws(workspace)}/imports", content, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResultInfo>> ImportResultsAsync(string workspace, IAsyncEnumerable<ResultImport> imports,
        CancellationToken cancellationToken = default) =>
        (await SendAsync<BatchResponse>(HttpMethod.Post, $"{Ws(workspace)}/imports/batch", new ImportBatchContent(imports),
            cancellationToken)).Data;

    /// <inheritdoc />
    public async Task<ResultInfo?> GetResultAsync(string workspace, string idOrName, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync<ResultInfo>(
                HttpMethod.Get, $"{Ws(workspace)}/results/{Uri.EscapeDataString(idOrName)}", null, cancellationToken);
        }
        catch (EvalstoreException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<ResultPage> ListResultsAsync(string workspace, ResultQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"page={query.Page}&page_size={query.PageSize}&sort={Uri.EscapeDataString(query.Sort)}");
        if (query.Filter is { } filter)
        {
            parameters.Append("&filter=").Append(Uri.EscapeDataString(FilterJson.ToJson(filter)));
        }
        if (query.Kind is { } kind)
        {
            parameters.Append("&kind=").Append(kind.ToString().ToLowerInvariant());
        }
        if (query.Count)
        {
            parameters.Append("&count=true"); // the server counts only when asked
        }
        var page = await SendAsync<ListResponse>(HttpMethod.Get, $"{Ws(workspace)}/results?{parameters}", null, cancellationToken);
        return new ResultPage(page.Data, page.Pagination.Page, page.Pagination.PageSize, page.Pagination.TotalResults)
        {
            Counted = page.Pagination.Counted ?? true,
        };
    }

    /// <summary>Every result matching the query, fetching page after page as the caller iterates.</summary>
    public async IAsyncEnumerable<ResultInfo> ListAllResultsAsync(string workspace, ResultQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Walking every page needs no total: each page says whether another follows.
        query = (query ?? new ResultQuery()) with { Count = false };
        for (var page = query.Page; ; page++)
        {
            var results = await ListResultsAsync(workspace, query with { Page = page }, cancellationToken);
            foreach (var result in results.Data)
            {
                yield return result;
            }
            if (page >= results.TotalPages || results.Data.Count == 0)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteResultAsync(string workspace, Guid resultId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync($"{Ws(workspace)}/results/{resultId}", cancellationToken);
        if ((int)response.StatusCode == 404)
        {
            return false;
        }
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RowRecord> ReadRowsAsync(string workspace, Guid resultId, RowQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Ws(workspace)}/results/{resultId}/rows?{RowQueryString(query)}");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var (line, _) in JsonlReader.ReadLinesAsync(stream, int.MaxValue / 2, cancellationToken))
        {
            yield return RowRecords.FromLine(line.ToArray());
        }
    }

    private static string RowQueryString(RowQuery query)
    {
        var parts = new List<string>();
        parts.AddRange(query.Where.Select(w => "where=" + Uri.EscapeDataString(w.ToString())));
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!)}");
            }
        }
        Add("trial", query.Trial);
        Add("from", query.FromRow);
        Add("to", query.ToRow);
        Add("errored", query.ErroredOnly ? "true" : null);
        Add("offset", query.Offset > 0 ? query.Offset : null);
        Add("limit", query.Limit);
        Add("sort", query.SortBy is null ? null : (query.Descending ? "-" : "") + query.SortBy);
        return string.Join('&', parts);
    }

    /// <inheritdoc />
    public async Task<CreatedApiKey> CreateKeyAsync(
        string workspace, KeyRole role, string? description = null, CancellationToken cancellationToken = default) =>
        await SendAsync<CreatedApiKey>(HttpMethod.Post, $"{Ws(workspace)}/keys",
            JsonContent.Create(new { role = role.ToString().ToLowerInvariant(), description }, options: EvalstoreJson.Options),
                cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? workspace, CancellationToken cancellationToken = default) =>
        await SendAsync<List<ApiKeyInfo>>(HttpMethod.Get, $"{Ws(workspace ?? Names.DefaultWorkspace)}/keys", null, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> RevokeKeyAsync(string workspace, string keyId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync($"{Ws(workspace)}/keys/{Uri.EscapeDataString(keyId)}", cancellationToken);
        if ((int)response.StatusCode == 404)
        {
            return false;
        }
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await SendAsync<T>(request, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(EvalstoreJson.Options, cancellationToken)
            ?? throw new EvalstoreException(502, "Bad gateway", $"The server answered {request.RequestUri} with an empty body.");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private sealed record ListResponse(List<ResultInfo> Data, ListPagination Pagination);

    private sealed record BatchResponse(List<ResultInfo> Data);

    // Counted is absent from servers older than count-on-request, which always counted.
    private sealed record ListPagination(int Page, int PageSize, long TotalResults, bool? Counted);
}
