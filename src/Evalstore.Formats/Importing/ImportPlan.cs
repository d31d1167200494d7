using Evalstore.Core;

namespace Evalstore.Formats.Importing;

/// <summary>
/// Turns the paths given to an import into the files to read, each with its format. Directories are searched
/// (recursively, in name order) and what is not importable there is skipped with a reason; a file named explicitly
/// must be importable. lm-eval samples files are read through their results file, never on their own.
/// </summary>
internal static class ImportPlan
{
    public static async Task<(List<(string Path, ImportFormat Format)> Files, List<string> Skipped)> SelectAsync(
        IReadOnlyList<string> paths, ImportFormat forced, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            throw EvalstoreException.BadRequest("Give at least one file or directory to import.");
        }
        var candidates = new List<(string Path, bool Explicit)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                candidates.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Order(StringComparer.Ordinal).Select(f => (f, false)));
            }
            else if (File.Exists(path))
            {
                candidates.Add((path, true));
            }
            else
            {
                throw EvalstoreException.BadRequest($"{path}: no such file or directory.").With("file", path);
            }
        }
        var files = new List<(string Path, ImportFormat Format)>();
        var skipped = new List<string>();
        var samples = new List<(string Path, bool Explicit)>();
        foreach (var (path, isExplicit) in candidates.DistinctBy(c => Path.GetFullPath(c.Path)))
        {
            var kind = await FormatDetector.DetectAsync(path, cancellationToken);
            if (kind == DetectedKind.LmEvalSamples)
            {
                samples.Add((path, isExplicit));
                continue;
            }
            // A forced format applies to files named explicitly; in a directory it only picks the files of that format.
            var format = forced == ImportFormat.Auto || (!isExplicit && FormatOf(kind) != forced) ? FormatOf(kind) : forced;
            if (!isExplicit && forced != ImportFormat.Auto && format != forced)
            {
                skipped.Add($"{Path.GetFileName(path)}: not {ImportFormats.Name(forced)}");
                continue;
            }
            if (format is { } known)
            {
                files.Add((path, known));
            }
            else if (isExplicit)
            {
                throw EvalstoreException.BadRequest(
                        $"{Path.GetFileName(path)}: not a format Evalstore can import (ingest JSONL, lm-eval results_*.json, inspect " +
                            $".json/.eval log, " +
                        "promptfoo output JSON); give --format if it is one of them.")
                    .With("file", Path.GetFileName(path));
            }
            else
            {
                skipped.Add($"{Path.GetFileName(path)}: not an importable format");
            }
        }
        foreach (var (path, isExplicit) in samples)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            var claimed = files.Any(f => f.Format == ImportFormat.LmEval && Path.GetDirectoryName(Path.GetFullPath(f.Path)) == directory);
            if (!claimed && isExplicit)
            {
                throw EvalstoreException.BadRequest(
                        $"{Path.GetFileName(path)} is an lm-eval samples file: import the results_*.json written beside it (the samples " +
                            $"are read with it).")
                    .With("file", Path.GetFileName(path));
            }
            if (!claimed)
            {
                skipped.Add($"{Path.GetFileName(path)}: lm-eval samples without their results file");
            }
        }
        return (files, skipped);
    }

    private static ImportFormat? FormatOf(DetectedKind kind) => kind switch
    {
        DetectedKind.Rows => ImportFormat.Rows,
        DetectedKind.LmEvalResults => ImportFormat.LmEval,
        DetectedKind.InspectJson or DetectedKind.InspectEval => ImportFormat.Inspect,
        DetectedKind.Promptfoo => ImportFormat.Promptfoo,
        _ => null,
    };
}
