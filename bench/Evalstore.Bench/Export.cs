using System.Diagnostics;
using System.IO.Compression;

namespace Evalstore.Bench;

/// <summary>
/// Stream every row score back and count bytes; watch the process's memory while it happens. With an encoding the
/// client asks for Brotli or gzip (as Python <c>requests</c> asks for gzip) and decompresses as it reads, so the rate is
/// of uncompressed JSONL, comparable with the plain figure; the bytes on the wire are reported beside it.
/// </summary>
internal static class Export
{
    public static async Task RunAsync(HttpClient http, string name, Report report, BenchTarget target, string? encoding = null)
    {
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var cpu = target.Cpu();
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/workspaces/default/results/{name}/rows");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var served = string.Join(",", response.Content.Headers.ContentEncoding);
        if (served != (encoding ?? ""))
        {
            throw new InvalidOperationException($"Asked for '{encoding}', the server sent '{served}'.");
        }
        await using var wire = new CountingStream(await response.Content.ReadAsStreamAsync());
        await using Stream stream = encoding switch
        {
            "br" => new BrotliStream(wire, CompressionMode.Decompress),
            "gzip" => new GZipStream(wire, CompressionMode.Decompress),
            _ => wire,
        };
        var buffer = new byte[1 << 16];
        long bytes = 0;
        long peak = before;
        int read;
        var lines = 0L;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if ((bytes & ((1 << 24) - 1)) < read)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
            }
        }
        watch.Stop();
        var rate = bytes / 1e6 / watch.Elapsed.TotalSeconds;
        var (what, bar, met) = encoding is null
            ? ("export row scores (JSONL stream)", "≥ 100 MB/s", rate >= 100)
            : ($"export row scores (JSONL, {encoding})", "≥ 150 MB/s", rate >= 150);
        var onWire = encoding is null ? "" : $" ({wire.Bytes / 1e6:N0} MB on the wire)";
        report.Add($"{target.Store}: {what}", rate, "MB/s", bar, met,
            $"{lines:N0} rows, {bytes / 1e6:N0} MB{onWire} in {watch.Elapsed.TotalSeconds:N2} s, {target.CpuSince(cpu):N2} CPU-s; "
            + $"working set {before / 1e6:N0} → peak {peak / 1e6:N0} MB");
    }

    /// <summary>Counts the bytes read through it: the compressed size of the response.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Bytes { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            Bytes += read;
            return read;
        }
    }
}
