using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evalstore.Client.Http;
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
    public async Task ExportAsync(
        string workspace, string result, string format, Stream destination, CancellationToken cancellationToken = default)
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
    /// <param name="overrides">Name (of a single result), project, kind, references and labels to set; metric declarations
    /// and star metric for rows files. Null members keep what the files say.</param>
    /// <param name="uploaded">Reports the bytes sent so far, over all files.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<ImportReport> ImportFilesAsync(
        string workspace, IReadOnlyList<string> paths, string format = "auto", bool replace = false,
        RunSpec? overrides = null, IProgress<long>? uploaded = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var content = new MultipartFormDataContent();
        var sent = new long[1];
        foreach (var path in paths)
        {
            var part = new StreamContent(new UploadStream(File.OpenRead(path), sent, uploaded), 64 * 1024);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", Path.GetFileName(path));
        }
        using var request =
            new HttpRequestMessage(HttpMethod.Post, $"{Ws(workspace)}/imports/files?{ImportQuery(format, replace, overrides)}")
        {
            Content = content,
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ProblemReader.EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<ImportReport>(EvalstoreJson.Options, cancellationToken)
               ?? throw new EvalstoreException(502, "Bad gateway", "The server answered an import with an empty body.");
    }

    private static string ImportQuery(string format, bool replace, RunSpec? overrides)
    {
        var parts = new List<string> { $"format={Uri.EscapeDataString(format)}", $"replace={(replace ? "true" : "false")}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        if (overrides is not null)
        {
            Add("name", overrides.Name);
            Add("project", overrides.Project);
            Add("kind", overrides.Kind?.ToString().ToLowerInvariant());
            Add("model", overrides.Model);
            Add("dataset", overrides.Dataset);
            Add("metric", overrides.Metric);
            Add("benchmark", overrides.Benchmark);
            Add("evaluation", overrides.Evaluation);
            foreach (var (key, value) in overrides.Labels ?? new Dictionary<string, string>())
            {
                Add("label", $"{key}={value}");
            }
            if (overrides.Metrics is { Count: > 0 } || overrides.StarMetric is not null || overrides.ClusterKey is not null)
            {
                // Only what the query parameters above cannot say, so the URL stays short.
                Add("spec", EvalstoreJson.Serialize(new RunSpec
                {
                    Name = "", Metrics = overrides.Metrics, StarMetric = overrides.StarMetric, ClusterKey = overrides.ClusterKey,
                }));
            }
        }
        return string.Join('&', parts);
    }

    /// <summary>A file being uploaded, adding what is read to a total shared by all files of the request.</summary>
    private sealed class UploadStream(FileStream file, long[] sent, IProgress<long>? uploaded) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => file.Length;
        public override long Position { get => file.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(file.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await file.ReadAsync(buffer, cancellationToken));

        private int Count(int read)
        {
            uploaded?.Report(sent[0] += read);
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                file.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
