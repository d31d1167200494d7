using System.Diagnostics;
using System.IO.Compression;

namespace Evalstore.Bench;

/// <summary>
/// Download a result in an export format and count the bytes; the server's resident set is watched while it streams
/// (its peak is reset first), so "flat memory" is a figure. With an encoding the client asks for Brotli or gzip and
/// decompresses as it reads, so the rate is of the uncompressed export, comparable with the plain figure.
/// </summary>
internal static class Exports
{
    public static async Task RunAsync(BenchTarget target, Report report, string name, string format, double bar, double? duckRate,
        string? encoding = null)
    {
        var server = target.Server;
        var before = server.ResidentMb();
        server.ResetPeak();
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/workspaces/default/results/{name}/export?format={format}");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        }
        using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var served = string.Join(",", response.Content.Headers.ContentEncoding);
        if (served != (encoding ?? ""))
        {
            throw new InvalidOperationException($"Asked for '{encoding}', the server sent '{served}'.");
        }
        await using var wire = await response.Content.ReadAsStreamAsync();
        await using Stream stream = encoding switch
        {
            "br" => new BrotliStream(wire, CompressionMode.Decompress),
            "gzip" => new GZipStream(wire, CompressionMode.Decompress),
            _ => wire,
        };
        var buffer = new byte[1 << 16];
        long bytes = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }
        watch.Stop();
        var rate = bytes / 1e6 / watch.Elapsed.TotalSeconds;
        var peak = server.PeakMb();
        var what = encoding is null ? $"export {format}" : $"export {format}, {encoding}";
        report.Add(new Figure(target.Store, what, rate, "MB/s", $"≥ {bar} MB/s", rate >= bar,
            $"{bytes / 1e6:N0} MB in {watch.Elapsed.TotalSeconds:N2} s, {target.CpuSince(cpu):N2} CPU-s; server resident "
            + $"{before:N0} MB before, peak {peak:N0} MB while streaming", duckRate, HigherIsBetter: true));
    }
}
