using Evalstore.Core;

namespace Evalstore.Formats.Importing;

/// <summary>The file formats <c>evalstore import</c> reads.</summary>
public enum ImportFormat
{
    /// <summary>Decide by content.</summary>
    Auto,
    /// <summary>The native ingest JSONL (also what a JSONL export writes).</summary>
    Rows,
    /// <summary>EleutherAI lm-evaluation-harness: <c>results_*.json</c> with the <c>samples_&lt;task&gt;_*.jsonl</c> beside it.</summary>
    LmEval,
    /// <summary>UK AISI inspect_ai logs: <c>.json</c> and <c>.eval</c> (zip).</summary>
    Inspect,
    /// <summary>promptfoo's <c>promptfoo eval -o out.json</c> output.</summary>
    Promptfoo,
}

/// <summary>Names of the formats as the CLI and the API write them.</summary>
public static class ImportFormats
{
    /// <summary>Every name, for help texts.</summary>
    public static readonly string[] Names = ["auto", "rows", "lm-eval", "inspect", "promptfoo"];

    /// <summary>Parses <c>auto|rows|lm-eval|inspect|promptfoo</c>; a 400 names the choices otherwise.</summary>
    public static ImportFormat Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ImportFormat.Auto,
        "rows" or "jsonl" => ImportFormat.Rows,
        "lm-eval" or "lm_eval" or "lmeval" or "lm-evaluation-harness" => ImportFormat.LmEval,
        "inspect" or "inspect_ai" or "inspect-ai" => ImportFormat.Inspect,
        "promptfoo" => ImportFormat.Promptfoo,
        _ => throw EvalstoreException.BadRequest($"Unknown import format '{text}': use {string.Join(", ", Names)}."),
    };

    /// <summary>The name of a format as written in reports.</summary>
    public static string Name(ImportFormat format) => format switch
    {
        ImportFormat.Rows => "rows",
        ImportFormat.LmEval => "lm-eval",
        ImportFormat.Inspect => "inspect",
        ImportFormat.Promptfoo => "promptfoo",
        _ => "auto",
    };
}
