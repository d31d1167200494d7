using System.Security.Cryptography;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Inspect;
using Evalstore.Formats.LmEval;
using Evalstore.Formats.Promptfoo;

namespace Evalstore.Formats;

/// <summary>
/// Imports harness output files into any <see cref="IEvalStore"/> (a local database or a server): detects each file's
/// format, refuses a file imported before (same SHA-256) unless replacing, creates one completed result per task,
/// log or provider, and checks the stored aggregates against the numbers the harness reported about itself.
/// A file's results are all created or, on any error, all removed again.
/// </summary>
public sealed class FormatImporter(IEvalStore store, string workspace)
{
    // A batch: at most this many results and bytes of input; a result larger than MaxBatchedResultSize goes alone.
    private const int MaxBatchResults = 500;
    private const long MaxBatchSize = 32L << 20;
    private const long MaxBatchedResultSize = 1L << 20;

    /// <summary>Imports files (directories are searched for importable files) and reports what was created.</summary>
    public async Task<ImportReport> ImportAsync(IReadOnlyList<string> paths, ImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var (files, skipped) = await ImportPlan.SelectAsync(paths, options.Format, cancellationToken);
        var sources = new List<(ImportSource Source, ImportFormat Format)>();
        foreach (var (path, format) in files)
        {
            var sha = await HashAsync(path, cancellationToken);
            if (sources.Any(s => s.Source.Sha256 == sha))
            {
                skipped.Add($"{Path.GetFileName(path)}: the same content as another file of this import");
                continue;
            }
            sources.Add((new ImportSource(path, Path.GetFileName(path), sha, files.Select(f => f.Path).ToList()), format));
        }
        var planned = new List<PlannedImport>();
        foreach (var (source, format) in sources)
        {
            progress?.Report(new ImportProgress(source.Name, "reading", 0, 1));
            foreach (var result in await ImporterFor(format).PlanAsync(source, options, cancellationToken))
            {
                planned.Add(new PlannedImport(source, format, result));
            }
        }
        if (!string.IsNullOrEmpty(options.Overrides?.Name) && planned.Count != 1)
        {
            throw EvalstoreException.BadRequest(
                $"--name names one result, but this import holds {planned.Count} " +
                    $"({string.Join(", ", planned.Select(p => p.Result.Spec.Name).Take(5))}…); leave it out to use the default names.");
        }
        var replaced = await RefuseOrReplaceAsync(sources.Select(s => s.Source).ToList(), options.Replace, cancellationToken);
        var imported = new List<ImportedResult>();
        try
        {
            foreach (var batch in Batches(planned))
            {
                imported.AddRange(await ImportBatchAsync(batch, options, progress, cancellationToken));
            }
        }
        catch (Exception) when (imported.Count > 0)
        {
            // All or nothing per import: results created before the failure would block a corrected re-import (409).
            foreach (var done in imported)
            {
                await store.DeleteResultAsync(workspace, done.Result.Id, CancellationToken.None);
            }
            throw;
        }
        return new ImportReport { Results = imported, Replaced = replaced, Skipped = skipped };
    }

    /// <summary>
    /// The files to send when a server is to import these paths (directories searched as for a local import): the
    /// importable files plus, for each lm-eval results file, the samples files beside it; and what was skipped.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Files, IReadOnlyList<string> Skipped)> FilesToUploadAsync(IReadOnlyList<string> paths,
        ImportFormat format, CancellationToken cancellationToken = default)
    {
        var (files, skipped) = await ImportPlan.SelectAsync(paths, format, cancellationToken);
        var upload = files.Select(f => Path.GetFullPath(f.Path)).ToList();
        foreach (var (path, _) in files.Where(f => f.Format == ImportFormat.LmEval))
        {
            var timestamp = LmEvalRun.TimestampPattern().Match(Path.GetFileName(path)) is { Success: true } m ? m.Value : "";
            upload.AddRange(Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(path))!, "samples_*")
                .Where(samples => Path.GetFileName(samples).Contains(timestamp, StringComparison.Ordinal)));
        }
        return (upload.Distinct(StringComparer.Ordinal).ToList(), skipped);
    }

    /// <summary>
    /// Small results go to the store together, one transaction per batch, so a directory of many small files costs one
    /// commit per few hundred results instead of one each; a large result goes alone, streamed as before.
    /// </summary>
    private static IEnumerable<List<PlannedImport>> Batches(List<PlannedImport> planned)
    {
        var batch = new List<PlannedImport>();
        long size = 0;
        foreach (var next in planned)
        {
            var large = next.Result.ProgressTotal > MaxBatchedResultSize;
            if (batch.Count > 0 && (large || batch.Count == MaxBatchResults || size + next.Result.ProgressTotal > MaxBatchSize))
            {
                yield return batch;
                (batch, size) = ([], 0);
            }
            batch.Add(next);
            size += next.Result.ProgressTotal;
            if (large)
            {
                yield return batch;
                (batch, size) = ([], 0);
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task<IReadOnlyList<ImportedResult>> ImportBatchAsync(
        List<PlannedImport> batch, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var specs = batch.Select(p => SpecMerging.Apply(p.Result.Spec, options.Overrides, p.Source, p.Format)).ToList();
        IAsyncEnumerable<IngestRow> Rows(int i)
        {
            var (source, _, planned) = batch[i];
            var rowsProgress = progress is null ? null : new SyncProgress<long>(done =>
                progress.Report(new ImportProgress(source.Name, specs[i].Name, done, planned.ProgressTotal)));
            return planned.Rows(rowsProgress, cancellationToken);
        }
        var current = 0;
        async IAsyncEnumerable<ResultImport> Imports()
        {
            for (current = 0; current < batch.Count; current++)
            {
                yield return new ResultImport(specs[current], Rows(current));
            }
        }
        IReadOnlyList<ResultInfo> results;
        try
        {
            results = batch.Count == 1
                ? [await store.ImportResultAsync(workspace, specs[0], Rows(0), cancellationToken)]
                : await store.ImportResultsAsync(workspace, Imports(), cancellationToken);
        }
        catch (EvalstoreException e) when (batch[Math.Min(current, batch.Count - 1)].Source.Name is var name
            && !e.Detail.StartsWith(name, StringComparison.Ordinal))
        {
            var located = new EvalstoreException(e.Status, e.Title, $"{name}: {e.Detail}", e);
            foreach (var (key, value) in e.Extensions)
            {
                located.Extensions[key] = value;
            }
            throw located.With("file", name);
        }
        return batch.Select((p, i) =>
        {
            progress?.Report(new ImportProgress(p.Source.Name, specs[i].Name, p.Result.ProgressTotal, p.Result.ProgressTotal));
            return new ImportedResult
            {
                File = p.Source.Name,
                Format = ImportFormats.Name(p.Format),
                Result = results[i],
                Checks = p.Result.Expectations.Select(e => e.Check(results[i].Scores)).ToList(),
                Notes = p.Result.Notes,
            };
        }).ToList();
    }

    private async Task<IReadOnlyList<string>> RefuseOrReplaceAsync(
        IReadOnlyList<ImportSource> sources, bool replace, CancellationToken cancellationToken)
    {
        var earlier = new List<(ImportSource Source, ResultInfo Result)>();
        // One query per hundred files, not one per file: a directory may hold thousands.
        foreach (var chunk in sources.Chunk(100))
        {
            var bySha = chunk.ToDictionary(s => s.Sha256, StringComparer.Ordinal);
            var filter = new FieldFilter($"labels.{ImportSource.Sha256Label}", FilterOperator.In, [.. bySha.Keys]);
            for (var number = 1; ; number++)
            {
                var page = await store.ListResultsAsync(workspace,
                    new ResultQuery { Filter = filter, PageSize = ResultQuery.MaxPageSize, Page = number }, cancellationToken);
                earlier.AddRange(page.Data.Select(r => (bySha[r.Labels[ImportSource.Sha256Label]], r)));
                if (page.Data.Count < ResultQuery.MaxPageSize)
                {
                    break;
                }
            }
        }
        var order = sources.Select((source, i) => (source, i)).ToDictionary(x => x.source, x => x.i);
        earlier = [.. earlier.OrderBy(e => order[e.Source])];
        if (earlier.Count == 0)
        {
            return [];
        }
        if (!replace)
        {
            var first = earlier[0];
            throw EvalstoreException.Conflict(
                    $"{first.Source.Name} was imported before as " +
                        $"{string.Join(", ", earlier.Where(e => e.Source == first.Source).Select(e => $"'{e.Result.Name}'"))} " +
                    $"({ImportSource.Sha256Label} {first.Source.Sha256[..12]}…); pass --replace (replace=true) to delete those results " +
                        $"and import it again.")
                .With("file", first.Source.Name);
        }
        foreach (var (_, result) in earlier)
        {
            await store.DeleteResultAsync(workspace, result.Id, cancellationToken);
        }
        return earlier.Select(e => e.Result.Name).ToList();
    }

    private static IHarnessImporter ImporterFor(ImportFormat format) => format switch
    {
        ImportFormat.Rows => new RowsImporter(),
        ImportFormat.LmEval => new LmEvalImporter(),
        ImportFormat.Inspect => new InspectImporter(),
        ImportFormat.Promptfoo => new PromptfooImporter(),
        _ => throw new InvalidOperationException($"no importer for {format}"),
    };

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}

/// <summary>A result an importer planned, with the file it came from.</summary>
internal sealed record PlannedImport(ImportSource Source, ImportFormat Format, PlannedResult Result);
