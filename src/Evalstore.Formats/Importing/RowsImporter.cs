using System.Runtime.CompilerServices;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Formats.Importing;

/// <summary>
/// The native ingest JSONL (and so a JSONL export): one result named by the user (default: the file name without its
/// extension), with the metric declarations the user gave.
/// </summary>
internal sealed class RowsImporter : IHarnessImporter
{
    public Task<IReadOnlyList<PlannedResult>> PlanAsync(ImportSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        var overrides = options.Overrides;
        var spec = (overrides ?? new RunSpec { Name = "" }) with
        {
            Name = string.IsNullOrEmpty(overrides?.Name) ? Path.GetFileNameWithoutExtension(source.Name) : overrides.Name,
        };
        var declarations = RunSpecRules.Normalize(spec).Metrics;
        var planned = new PlannedResult(spec, (progress, ct) => ReadAsync(source.Path, declarations, progress, ct), [], [])
        {
            ProgressTotal = new FileInfo(source.Path).Length,
        };
        return Task.FromResult<IReadOnlyList<PlannedResult>>([planned]);
    }

    private static async IAsyncEnumerable<IngestRow> ReadAsync(string path, IReadOnlyList<MetricDeclaration>? declarations,
        IProgress<long>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new CountingStream(File.OpenRead(path), progress);
        await foreach (var row in JsonlRows.ReadAsync(stream, new RowParser(declarations), cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }
}
