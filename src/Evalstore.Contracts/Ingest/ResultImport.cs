using Evalstore.Core.Model;

namespace Evalstore.Core.Ingest;

/// <summary>One result of a batch import: its run spec and its rows, created, filled and completed together.</summary>
/// <param name="Spec">The run metadata, as for a single import.</param>
/// <param name="Rows">The result's rows (at least one).</param>
public sealed record ResultImport(RunSpec Spec, IAsyncEnumerable<IngestRow> Rows);
