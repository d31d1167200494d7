using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.Inspect;

/// <summary>
/// An inspect_ai log, <c>.json</c> or <c>.eval</c> (zip): its header (everything but the samples) and its samples one
/// at a time. A <c>.json</c> log is walked twice with <see cref="JsonArrayWalker"/> (header, then samples) and an
/// <c>.eval</c> log reads <c>header.json</c>, then each <c>samples/&lt;id&gt;_epoch_&lt;n&gt;.json</c> entry, so neither is
/// ever in memory whole.
/// </summary>
internal sealed class InspectLog
{
    private const string SamplesFolder = "samples/";

    private InspectLog(string path, string name, bool isZip, JsonElement header, long sampleCount)
    {
        Path = path;
        Name = name;
        IsZip = isZip;
        Header = header;
        SampleCount = sampleCount;
    }

    public string Path { get; }

    public string Name { get; }

    public bool IsZip { get; }

    /// <summary>version, status, eval, plan, results, stats (and for .json logs the rest, with samples empty).</summary>
    public JsonElement Header { get; }

    public long SampleCount { get; }

    public static async Task<InspectLog> OpenAsync(string path, string name, CancellationToken cancellationToken)
    {
        if (await IsZipAsync(path, cancellationToken))
        {
            using var zip = OpenZip(path, name);
            var header = zip.GetEntry("header.json") ?? zip.GetEntry("_journal/start.json")
                ?? throw Problem(name, "a zip without header.json: not an inspect .eval log");
            var count = zip.Entries.Count(IsSample);
            using var headerDocument = await ReadEntryAsync(header, name, cancellationToken);
            return new InspectLog(path, name, true, headerDocument.RootElement.Clone(), count);
        }
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        long samples;
        await using (var stream = File.OpenRead(path))
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            var walker = new JsonArrayWalker(stream, ["samples"], writer, name);
            samples = await walker.SkipToEndAsync(cancellationToken);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        if (!document.RootElement.TryGetProperty("eval", out _))
        {
            throw Problem(name, "not an inspect log (no 'eval' member)");
        }
        return new InspectLog(path, name, false, document.RootElement.Clone(), samples);
    }

    /// <summary>Each sample with its entry (<c>samples[3]</c> or <c>samples/3_epoch_1.json</c>) for error messages.</summary>
    public async IAsyncEnumerable<(JsonDocument Sample, string Entry)> SamplesAsync(IProgress<long>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (IsZip)
        {
            using var zip = OpenZip(Path, Name);
            long done = 0;
            foreach (var entry in zip.Entries.Where(IsSample).OrderBy(e => SampleKey(e.FullName), SampleKeyComparer.Instance))
            {
                using var document = await ReadEntryAsync(entry, Name, cancellationToken);
                yield return (document, entry.FullName);
                progress?.Report(++done);
            }
            yield break;
        }
        await using var stream = new CountingStream(File.OpenRead(Path), progress);
        var walker = new JsonArrayWalker(stream, ["samples"], null, Name);
        while (await walker.NextAsync(cancellationToken) is { } bytes)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes);
            }
            catch (JsonException e)
            {
                throw Problem(Name, $"samples[{walker.Count - 1}]: malformed JSON: {e.Message.Split(" LineNumber:", 2)[0]}");
            }
            using (document)
            {
                yield return (document, $"samples[{walker.Count - 1}]");
            }
        }
    }

    /// <summary>Sample ids in the order of their zip entries, sorted (numbers numerically), when this is an .eval log.</summary>
    public IReadOnlyList<string> ZipSampleIds()
    {
        using var zip = OpenZip(Path, Name);
        return zip.Entries.Where(IsSample).Select(e => SampleKey(e.FullName)).OrderBy(k => k, SampleKeyComparer.Instance)
            .Select(k => k.Id).Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsSample(ZipArchiveEntry entry) =>
        entry.FullName.StartsWith(SamplesFolder, StringComparison.Ordinal) && entry.FullName.EndsWith(".json", StringComparison.Ordinal);

    // "samples/12_epoch_2.json" → ("12", 2)
    private static (string Id, int Epoch) SampleKey(string fullName)
    {
        var stem = fullName[SamplesFolder.Length..^".json".Length];
        var at = stem.LastIndexOf("_epoch_", StringComparison.Ordinal);
        return at > 0 && int.TryParse(stem[(at + 7)..], out var epoch) ? (stem[..at], epoch) : (stem, 1);
    }

    private static ZipArchive OpenZip(string path, string name)
    {
        try
        {
            return new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw Problem(name, $"not a readable .eval (zip) file: {e.Message}");
        }
    }

    private static async Task<JsonDocument> ReadEntryAsync(ZipArchiveEntry entry, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await entry.OpenAsync(cancellationToken);
            return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 256 }, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw Problem(name, $"entry {entry.FullName}: {e.Message.Split(" LineNumber:", 2)[0]}");
        }
    }

    private static async Task<bool> IsZipAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var magic = new byte[4];
        return await stream.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, cancellationToken) == 4
            && magic.AsSpan().SequenceEqual("PK\u0003\u0004"u8);
    }

    private static EvalstoreException Problem(string name, string detail)
        => EvalstoreException.BadRequest($"{name}: {detail}").With("file", name);

    /// <summary>Orders sample keys by id (numbers numerically, before text) then epoch.</summary>
    private sealed class SampleKeyComparer : IComparer<(string Id, int Epoch)>
    {
        public static readonly SampleKeyComparer Instance = new();

        public int Compare((string Id, int Epoch) x, (string Id, int Epoch) y)
        {
            var byId = (long.TryParse(x.Id, out var a), long.TryParse(y.Id, out var b)) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x.Id, y.Id),
            };
            return byId != 0 ? byId : x.Epoch.CompareTo(y.Epoch);
        }
    }
}
