namespace Evalstore.Core.Model;

/// <summary>What one import of harness files created, replaced and checked: the wire shape of the file-import endpoint.</summary>
public sealed record ImportReport
{
    /// <summary>Results created, in the order they were imported.</summary>
    public IReadOnlyList<ImportedResult> Results { get; init; } = [];

    /// <summary>Names of earlier results deleted because the same file was imported again with replace.</summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];

    /// <summary>Files found (in a directory) but not imported, each with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>One result created from a file, with the checks of our aggregates against the harness's own numbers.</summary>
public sealed record ImportedResult
{
    /// <summary>File name the result came from.</summary>
    public required string File { get; init; }

    /// <summary>Format the file was read as: <c>rows</c>, <c>lm-eval</c>, <c>inspect</c> or <c>promptfoo</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The completed result, with its aggregates.</summary>
    public required ResultInfo Result { get; init; }

    /// <summary>Each number the harness reported about itself, next to ours.</summary>
    public IReadOnlyList<HarnessCheck> Checks { get; init; } = [];

    /// <summary>What the importer decided about this result (skipped fields, corpus-level metrics, status).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Checks whose numbers differ.</summary>
    public int Mismatches => Checks.Count(c => c.Status == HarnessCheckStatus.Mismatch);
}

/// <summary>One number the harness reported (e.g. lm-eval's <c>acc,none</c>) compared with the stored aggregate.</summary>
public sealed record HarnessCheck
{
    /// <summary>Metric key of the stored score.</summary>
    public required string Metric { get; init; }

    /// <summary>Score name of the stored score.</summary>
    public required string Score { get; init; }

    /// <summary>Which statistic is compared: <c>mean</c>, <c>std_err</c>, <c>sum</c>, <c>pass_count</c>, <c>f1</c>, …</summary>
    public required string Statistic { get; init; }

    /// <summary>Where the harness reports the number, e.g. <c>results.bias_classification["acc,none"]</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The harness's number.</summary>
    public double? Expected { get; init; }

    /// <summary>Ours, from the stored aggregate.</summary>
    public double? Actual { get; init; }

    /// <summary>Match, mismatch, or skipped with a note.</summary>
    public required HarnessCheckStatus Status { get; init; }

    /// <summary>Why a check was skipped, or what a mismatch may mean.</summary>
    public string? Note { get; init; }
}

/// <summary>Outcome of one <see cref="HarnessCheck"/>.</summary>
public enum HarnessCheckStatus
{
    /// <summary>Equal within a relative tolerance of 1e-6.</summary>
    Match,
    /// <summary>Different: reported in the summary.</summary>
    Mismatch,
    /// <summary>Not comparable (a corpus-level metric, a non-mean aggregation, too few items).</summary>
    Skipped,
}
