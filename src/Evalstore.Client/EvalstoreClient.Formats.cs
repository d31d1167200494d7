using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evalstore.Core;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Client;

public sealed partial class EvalstoreClient
{
    /// <summary>
    /// Downloads a result as <c>jsonl</c> (row scores), <c>csv</c> (one row per item and trial), <c>aggregates-csv</c>
    /// or <c>xlsx</c>, copying the response into <paramref name="destination"/> as it arrives.
    /// </summary>
    public async Task ExportAsync(string workspace, string result, string format, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{Ws(workspace)}/results/{Uri.EscapeDataString(result)}/export?format={Uri.EscapeDataString(format)}");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>
    /// Uploads harness files (lm-eval results with their samples files, inspect .json/.eval logs, promptfoo output,
    /// ingest JSONL) for the server to import; each file streams from disk. A file imported before is refused with
    /// 409 unless <paramref name="replace"/>.
    /// </summary>
    /// <param name="workspace">Workspace to import into.</param>
    /// <param name="paths">Files to upload; an lm-eval results file needs its samples files among them.</param>
    /// <param name="format"><c>auto</c>, <c>rows</c>, <c>lm-eval</c>, <c>inspect</c> or <c>promptfoo</c>.</param>
    /// <param name="replace">Delete results imported earlier from the same files first.</param>
    /// <param name="name">Name of the one result the files hold (default: from the file).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<ImportReport> ImportFilesAsync(string workspace, IReadOnlyList<string> paths, string format = "auto", bool replace = false,
        string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var content = new MultipartFormDataContent();
        var streams = new List<Stream>();
        try
        {
            foreach (var path in paths)
            {
                var stream = File.OpenRead(path);
                streams.Add(stream);
                var part = new StreamContent(stream, 64 * 1024);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Add(part, "files", Path.GetFileName(path));
            }
            var query = $"format={Uri.EscapeDataString(format)}&replace={(replace ? "true" : "false")}"
                        + (name is null ? "" : $"&name={Uri.EscapeDataString(name)}");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Ws(workspace)}/imports/files?{query}") { Content = content };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
            return await response.Content.ReadFromJsonAsync<ImportReport>(EvalstoreJson.Options, cancellationToken)
                   ?? throw new EvalstoreException(502, "Bad gateway", "The server answered an import with an empty body.");
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }
}
