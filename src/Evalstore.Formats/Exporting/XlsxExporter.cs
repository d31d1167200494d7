using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// An Excel workbook of a result: <c>Summary</c> (the result's facts and labels), <c>Aggregates</c> (one row per score)
/// and <c>Rows</c> (the same table as the CSV export), each with a bold header row frozen in place and typed numeric and
/// boolean cells. Sheets are written with <see cref="OpenXmlWriter"/> into zip entries created one after the other, so the
/// workbook streams out instead of collecting in memory. Rows beyond Excel's 1,048,576 per sheet continue on
/// <c>Rows (2)</c>, … and text longer than a cell's 32,767 characters is cut there.
/// </summary>
internal static class XlsxExporter
{
    private const int MaxSheetRows = 1_048_576;
    private const int MaxCellText = 32_767;
    private const uint BoldStyle = 1;

    public static async Task WriteAsync(
        IEvalStore store, string workspace, ResultInfo result, Stream destination, CancellationToken cancellationToken)
    {
        var table = await RowTable.ScanAsync(store, workspace, result, cancellationToken);
        if (destination.CanSeek && destination.Position == 0)
        {
            await WriteWorkbookAsync(store, workspace, result, table, destination, cancellationToken);
            return;
        }
        // The zip needs a seekable stream; spool through a temporary file so memory stays flat.
        var spool = Path.Combine(Path.GetTempPath(), $"evalstore-export-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024))
            {
                await WriteWorkbookAsync(store, workspace, result, table, file, cancellationToken);
            }
            await using var read =
                new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            await read.CopyToAsync(destination, cancellationToken);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static async Task WriteWorkbookAsync(IEvalStore store, string workspace, ResultInfo result, RowTable table, Stream destination,
        CancellationToken cancellationToken)
    {
        // The Open XML SDK's package API needs read-write access, which buffers every part in memory; so the zip is
        // written here in create mode (entry after entry, straight to the stream), each sheet by OpenXmlWriter.
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var sheets = new List<string>();
        SheetWriter NewSheet(string name, IReadOnlyList<string> header)
        {
            sheets.Add(name);
            return new SheetWriter(zip.CreateEntry($"xl/worksheets/sheet{sheets.Count}.xml", CompressionLevel.Fastest).Open(), header);
        }

        using (var summary = NewSheet("Summary", ["field", "value"]))
        {
            foreach (var (field, value) in SummaryFacts(result))
            {
                summary.Row([TableCell.Of(field), value]);
            }
        }
        using (var aggregates = NewSheet("Aggregates", AggregateColumns.All.Select(c => c.Name).ToList()))
        {
            foreach (var aggregate in result.Scores)
            {
                aggregates.Row(AggregateColumns.All.Select(c => c.Cell(aggregate)).ToArray());
            }
        }
        var rows = NewSheet("Rows", table.Header);
        try
        {
            await foreach (var cells in table.RowsAsync(store, workspace, result.Id, cancellationToken))
            {
                if (rows.RowCount == MaxSheetRows)
                {
                    rows.Dispose();
                    rows = NewSheet($"Rows ({sheets.Count - 1})", table.Header);
                }
                rows.Row(cells);
            }
        }
        finally
        {
            rows.Dispose();
        }
        XlsxPackageParts.Write(zip, sheets, Stylesheet());
    }

    private static IEnumerable<(string Field, TableCell Value)> SummaryFacts(ResultInfo result)
    {
        yield return ("name", TableCell.Of(result.Name));
        yield return ("id", TableCell.Of(result.Id.ToString()));
        yield return ("workspace", TableCell.Of(result.Workspace));
        yield return ("project", TableCell.Of(result.Project));
        yield return ("kind", TableCell.Of(result.Kind.ToString().ToLowerInvariant()));
        yield return ("status", TableCell.Of(result.Status.ToString().ToLowerInvariant()));
        yield return ("model", TableCell.Of(result.Model));
        yield return ("dataset", TableCell.Of(result.Dataset));
        yield return ("metric", TableCell.Of(result.Metric));
        yield return ("benchmark", TableCell.Of(result.Benchmark));
        yield return ("evaluation", TableCell.Of(result.Evaluation));
        yield return ("pass_status", result.PassStatus is { } pass ? TableCell.Of(pass) : TableCell.Empty);
        yield return ("row_count", TableCell.Of(result.RowCount));
        yield return ("item_count", TableCell.Of(result.ItemCount));
        yield return ("max_trials", TableCell.Of((long)result.MaxTrials));
        yield return ("created_at", TableCell.Of(result.CreatedAt.ToString("O", CultureInfo.InvariantCulture)));
        yield return ("finished_at", TableCell.Of(result.FinishedAt?.ToString("O", CultureInfo.InvariantCulture)));
        foreach (var (key, value) in result.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            yield return ($"labels.{key}", TableCell.Of(value));
        }
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        {
            Count = 2,
        },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });

    /// <summary>Writes one worksheet: frozen header row, then rows of typed cells with explicit references.</summary>
    private sealed class SheetWriter : IDisposable
    {
        private readonly OpenXmlWriter _writer;
        private readonly string[] _columnNames;
        private bool _disposed;

        private readonly Stream _stream;

        public SheetWriter(Stream stream, IReadOnlyList<string> header)
        {
            _stream = stream;
            _columnNames = Enumerable.Range(0, header.Count).Select(ColumnName).ToArray();
            _writer = OpenXmlWriter.Create(stream);
            _writer.WriteStartDocument(true);
            _writer.WriteStartElement(new Worksheet());
            _writer.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2",
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            {
                WorkbookViewId = 0,
            }));
            _writer.WriteStartElement(new SheetData());
            Row(header.Select(TableCell.Of).ToArray(), BoldStyle);
        }

        public int RowCount { get; private set; }

        public void Row(IReadOnlyList<TableCell> cells, uint? style = null)
        {
            var number = (uint)++RowCount;
            var suffix = number.ToString(CultureInfo.InvariantCulture);
            _writer.WriteStartElement(new Row { RowIndex = number });
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (cell.Kind == CellKind.Empty)
                {
                    continue;
                }
                var element = cell.Kind switch
                {
                    CellKind.Number => new Cell { CellValue = new CellValue(cell.Number.ToString("R", CultureInfo.InvariantCulture)),
                        DataType = CellValues.Number },
                    CellKind.Boolean => new Cell { CellValue = new CellValue(cell.Number != 0 ? "1" : "0"), DataType = CellValues.Boolean },
                    _ => new Cell { DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(XmlText(cell.Text!)) { Space = SpaceProcessingModeValues.Preserve }) },
                };
                element.CellReference = _columnNames[i] + suffix;
                if (style is { } s)
                {
                    element.StyleIndex = s;
                }
                _writer.WriteElement(element);
            }
            _writer.WriteEndElement();
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _writer.WriteEndElement(); // sheetData
            _writer.WriteEndElement(); // worksheet
            _writer.Close();
            _writer.Dispose();
            _stream.Dispose();
        }

        // Characters XML 1.0 cannot hold (control characters, lone surrogates) become U+FFFD; long text is cut to a cell's limit.
        private static string XmlText(string text)
        {
            var clean = text.Length > MaxCellText ? text[..MaxCellText] : text;
            if (!clean.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r') || char.IsSurrogate(c)))
            {
                return clean;
            }
            var chars = clean.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                var c = chars[i];
                if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                    continue;
                }
                if ((c < 0x20 && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c))
                {
                    chars[i] = '\uFFFD';
                }
            }
            return new string(chars);
        }

        private static string ColumnName(int index)
        {
            var name = "";
            for (var n = index + 1; n > 0; n = (n - 1) / 26)
            {
                name = (char)('A' + ((n - 1) % 26)) + name;
            }
            return name;
        }
    }
}
