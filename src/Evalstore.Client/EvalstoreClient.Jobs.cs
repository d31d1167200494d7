using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Client;

public sealed partial class EvalstoreClient
{
    /// <summary>
    /// Runs an offline scoring job on the server: <paramref name="rows"/> is a JSONL stream of item + sample lines,
    /// <paramref name="metricsJson"/> a JSON list of metric specs (<c>[{"type": "exact-match"}, …]</c>). Returns the
    /// completed result.
    /// </summary>
    public Task<ResultInfo> ScoreAsync(
        string workspace, string name, string metricsJson, Stream rows, string? model = null, string? dataset = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metricsJson);
        using (JsonDocument.Parse(metricsJson))
        {
            // Fail here, not on the server, when the spec list is not JSON.
        }
        var query = $"name={Uri.EscapeDataString(name)}&metrics={Uri.EscapeDataString(metricsJson)}"
            + (model is null ? "" : $"&model={Uri.EscapeDataString(model)}")
                + (dataset is null ? "" : $"&dataset={Uri.EscapeDataString(dataset)}");
        var content = new StreamContent(rows);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/jsonl");
        return SendAsync<ResultInfo>(HttpMethod.Post, $"{Ws(workspace)}/jobs?{query}", content, cancellationToken);
    }
}
