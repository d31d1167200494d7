using System.Security.Cryptography;
using Evalstore.Core;
using Evalstore.Core.Filtering;
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
        var planned = new List<(ImportSource Source, ImportFormat Format, PlannedResult Result)>();
        foreach (var (source, format) in sources)
        {
            progress?.Report(new ImportProgress(source.Name, "reading", 0, 1));
            foreach (var result in await ImporterFor(format).PlanAsync(source, options, cancellationToken))
            {
                planned.Add((source, format, result));
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
            foreach (var (source, format, result) in planned)
            {
                imported.Add(await ImportOneAsync(source, format, result, options, progress, cancellationToken));
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

    private async Task<ImportedResult> ImportOneAsync(
        ImportSource source, ImportFormat format, PlannedResult planned, ImportOptions options,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var spec = SpecMerging.Apply(planned.Spec, options.Overrides, source, format);
        var rowsProgress = progress is null ? null
            : new SyncProgress<long>(done => progress.Report(new ImportProgress(source.Name, spec.Name, done, planned.ProgressTotal)));
        ResultInfo result;
        try
        {
            result = await store.ImportResultAsync(workspace, spec, planned.Rows(rowsProgress, cancellationToken), cancellationToken);
        }
        catch (EvalstoreException e) when (!e.Detail.StartsWith(source.Name, StringComparison.Ordinal))
        {
            var located = new EvalstoreException(e.Status, e.Title, $"{source.Name}: {e.Detail}", e);
            foreach (var (key, value) in e.Extensions)
            {
                located.Extensions[key] = value;
            }
            throw located.With("file", source.Name);
        }
        progress?.Report(new ImportProgress(source.Name, spec.Name, planned.ProgressTotal, planned.ProgressTotal));
        return new ImportedResult
        {
            File = source.Name,
            Format = ImportFormats.Name(format),
            Result = result,
            Checks = planned.Expectations.Select(e => e.Check(result.Scores)).ToList(),
            Notes = planned.Notes,
        };
    }

    private async Task<IReadOnlyList<string>> RefuseOrReplaceAsync(
        IReadOnlyList<ImportSource> sources, bool replace, CancellationToken cancellationToken)
    {
        var earlier = new List<(ImportSource Source, ResultInfo Result)>();
        foreach (var source in sources)
        {
            var filter = new FieldFilter($"labels.{ImportSource.Sha256Label}", FilterOperator.Eq, [source.Sha256]);
            var page = await store.ListResultsAsync(
                workspace, new ResultQuery { Filter = filter, PageSize = ResultQuery.MaxPageSize }, cancellationToken);
            earlier.AddRange(page.Data.Select(r => (source, r)));
        }
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
