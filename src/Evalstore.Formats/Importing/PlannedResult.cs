using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Formats.Importing;

/// <summary>
/// One result an importer found in a file: its run spec, a way to stream its rows (called once, when the result is
/// imported), the harness's own numbers to check, and notes for the summary.
/// </summary>
internal sealed record PlannedResult(
    RunSpec Spec,
    Func<IProgress<long>?, CancellationToken, IAsyncEnumerable<IngestRow>> Rows,
    IReadOnlyList<HarnessExpectation> Expectations,
    IReadOnlyList<string> Notes)
{
    /// <summary>How many units (bytes or entries) reading the rows reports through its progress, for a progress bar.</summary>
    public long ProgressTotal { get; init; }
}

/// <summary>One input file: its path, the name shown in messages, and its SHA-256 (the <c>source_sha256</c> label).</summary>
internal sealed record ImportSource(string Path, string Name, string Sha256, IReadOnlyList<string> Companions)
{
    /// <summary>Label keys every imported result carries.</summary>
    public const string Sha256Label = "source_sha256";

    /// <summary>Label naming the file a result came from.</summary>
    public const string FileLabel = "source_file";

    /// <summary>Label naming the harness format.</summary>
    public const string FormatLabel = "source_format";
}

/// <summary>Reads a file format into planned results.</summary>
internal interface IHarnessImporter
{
    /// <summary>The results the file holds, in import order.</summary>
    Task<IReadOnlyList<PlannedResult>> PlanAsync(ImportSource source, ImportOptions options, CancellationToken cancellationToken);
}
