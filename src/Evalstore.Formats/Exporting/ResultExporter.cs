using CsvHelper;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// Writes a result in an export format to a stream, reading it from any <see cref="IEvalStore"/> (the local database,
/// a server through the client, or the server's own store), row by row: memory stays flat however large the result.
/// </summary>
public static class ResultExporter
{
    /// <summary>Looks the result up (404 when absent) and writes it.</summary>
    public static async Task<ResultInfo> ExportAsync(
        IEvalStore store, string workspace, string idOrName, ExportFormat format, Stream destination,
        CancellationToken cancellationToken = default)
    {
        var result = await RequireAsync(store, workspace, idOrName, cancellationToken);
        await ExportAsync(store, workspace, result, format, destination, cancellationToken);
        return result;
    }

    /// <summary>Looks a result up by UUID or name; 404 when absent.</summary>
    public static async Task<ResultInfo> RequireAsync(
        IEvalStore store, string workspace, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetResultAsync(workspace, idOrName, cancellationToken)
               ?? throw EvalstoreException.NotFound($"No result '{idOrName}' in workspace '{workspace}'.");
    }

    /// <summary>Writes a result already looked up.</summary>
    public static Task ExportAsync(IEvalStore store, string workspace, ResultInfo result, ExportFormat format, Stream destination,
        CancellationToken cancellationToken = default) => format switch
    {
        ExportFormat.Jsonl => WriteJsonlAsync(store, workspace, result, destination, cancellationToken),
        ExportFormat.Csv => WriteRowsCsvAsync(store, workspace, result, destination, cancellationToken),
        ExportFormat.AggregatesCsv => WriteAggregatesCsvAsync(result, destination, cancellationToken),
        ExportFormat.Parquet => ParquetRowsExporter.WriteAsync(store, workspace, result, destination, cancellationToken),
        _ => XlsxExporter.WriteAsync(store, workspace, result, destination, cancellationToken),
    };

    private static async Task WriteJsonlAsync(
        IEvalStore store, string workspace, ResultInfo result, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        var used = 0;
        await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery(), cancellationToken))
        {
            var json = row.Json;
            if (used + json.Length + 1 > buffer.Length)
            {
                await destination.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                used = 0;
                if (json.Length + 1 > buffer.Length)
                {
                    buffer = new byte[json.Length + 1];
                }
            }
            json.Span.CopyTo(buffer.AsSpan(used));
            used += json.Length;
            buffer[used++] = (byte)'\n';
        }
        await destination.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        await destination.FlushAsync(cancellationToken);
    }

    private static async Task WriteRowsCsvAsync(
        IEvalStore store, string workspace, ResultInfo result, Stream destination, CancellationToken cancellationToken)
    {
        var table = await RowTable.ScanAsync(store, workspace, result, cancellationToken);
        await using var csv = OpenCsv(destination);
        await WriteRecordAsync(csv, table.Header.Select(TableCell.Of), cancellationToken);
        await foreach (var cells in table.RowsAsync(store, workspace, result.Id, cancellationToken))
        {
            await WriteRecordAsync(csv, cells, cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private static async Task WriteAggregatesCsvAsync(ResultInfo result, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = OpenCsv(destination);
        await WriteRecordAsync(csv, AggregateColumns.All.Select(c => TableCell.Of(c.Name)), cancellationToken);
        foreach (var aggregate in result.Scores)
        {
            await WriteRecordAsync(csv, AggregateColumns.All.Select(c => c.Cell(aggregate)), cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    // RFC 4180: comma, CRLF, quotes doubled, fields quoted when they hold a comma, quote or line break; UTF-8 without
    // BOM. The writer flushes asynchronously as records end, which a server response body requires.
    private static CsvWriter OpenCsv(Stream destination) =>
        CsvWriter.Create(destination, new CsvWriterOptions { NewLine = "\r\n", WriteByteOrderMark = false }, leaveOpen: true);

    private static async Task WriteRecordAsync(CsvWriter csv, IEnumerable<TableCell> cells, CancellationToken cancellationToken)
    {
        foreach (var cell in cells)
        {
            csv.WriteField(cell.Csv);
        }
        await csv.EndRecordAsync(cancellationToken);
    }
}
