using Evalstore.Core.Model;

namespace Evalstore.Formats.Importing;

/// <summary>How files are imported: their format, naming, replacement and metadata that overrides what the files say.</summary>
public sealed record ImportOptions
{
    /// <summary>Format of every file; <see cref="ImportFormat.Auto"/> decides per file by content.</summary>
    public ImportFormat Format { get; init; } = ImportFormat.Auto;

    /// <summary>Delete results imported earlier from the same file (same SHA-256) instead of refusing with 409.</summary>
    public bool Replace { get; init; }

    /// <summary>
    /// Run metadata given by the user. Its name (when not empty) names the single result of the import; its other
    /// non-null members override what the files say; its labels are added; its metric declarations apply to rows files.
    /// </summary>
    public RunSpec? Overrides { get; init; }
}

/// <summary>Where an import is: which file, what it is doing, and how far along (in units of <see cref="Total"/>).</summary>
public sealed record ImportProgress(string File, string Stage, long Done, long Total);
