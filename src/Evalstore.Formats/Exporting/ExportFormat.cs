using Evalstore.Core;

namespace Evalstore.Formats.Exporting;

/// <summary>What an export writes.</summary>
public enum ExportFormat
{
    /// <summary>The row-scores stream, one JSON line per row (re-importable as the rows format).</summary>
    Jsonl,
    /// <summary>One CSV row per item and trial: item fields, then a <c>metric:score</c> column per score, then row facts.</summary>
    Csv,
    /// <summary>An Excel workbook with the sheets Summary, Aggregates and Rows.</summary>
    Xlsx,
    /// <summary>One CSV row per score with its aggregate statistics.</summary>
    AggregatesCsv,
    /// <summary>The rows as a typed Parquet table (scalar item fields, output, one typed column per score, latency, tokens).</summary>
    Parquet,
}

/// <summary>Names, file names and media types of the export formats.</summary>
public static class ExportFormats
{
    /// <summary>Every name, for help texts.</summary>
    public static readonly string[] Names = ["jsonl", "csv", "xlsx", "aggregates-csv", "parquet"];

    /// <summary>Parses <c>jsonl|csv|xlsx|aggregates-csv|parquet</c>; a 400 names the choices otherwise.</summary>
    public static ExportFormat Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "jsonl" or "json" => ExportFormat.Jsonl,
        "csv" => ExportFormat.Csv,
        "xlsx" or "excel" => ExportFormat.Xlsx,
        "aggregates-csv" or "aggregates" => ExportFormat.AggregatesCsv,
        "parquet" => ExportFormat.Parquet,
        _ => throw EvalstoreException.BadRequest($"Unknown export format '{text}': use {string.Join(", ", Names)}."),
    };

    /// <summary>The media type of an export.</summary>
    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Jsonl => "application/jsonl",
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat.Parquet => "application/vnd.apache.parquet",
        _ => "text/csv; charset=utf-8",
    };

    /// <summary>A file name for an export of a result, e.g. <c>my-run.rows.csv</c>, safe on every file system.</summary>
    public static string FileName(string resultName, ExportFormat format)
    {
        var safe = new string(resultName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return safe + format switch
        {
            ExportFormat.Jsonl => ".jsonl",
            ExportFormat.Csv => ".rows.csv",
            ExportFormat.Xlsx => ".xlsx",
            ExportFormat.Parquet => ".parquet",
            _ => ".aggregates.csv",
        };
    }
}
