using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Client;

public sealed partial class EvalstoreClient
{
    /// <summary>
    /// Imports ingest-format JSONL that the caller wrote itself (one row object per line) as one completed result: the
    /// server parses and checks every line, and a bad line rejects the whole import with its line number.
    /// </summary>
    /// <param name="workspace">Workspace to import into.</param>
    /// <param name="spec">Name, references, labels and metric declarations of the result.</param>
    /// <param name="jsonl">The rows, UTF-8 JSONL; read to its end.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public Task<ResultInfo> ImportJsonlAsync(string workspace, RunSpec spec, Stream jsonl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        var rows = new StreamContent(jsonl, 64 * 1024);
        rows.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        var content = new MultipartFormDataContent
        {
            { JsonContent.Create(spec, options: EvalstoreJson.Options), "spec" },
            { rows, "rows", "rows.jsonl" },
        };
        return SendAsync<ResultInfo>(HttpMethod.Post, $"{Ws(workspace)}/imports", content, cancellationToken);
    }
}
