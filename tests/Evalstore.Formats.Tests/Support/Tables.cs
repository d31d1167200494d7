using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Evalstore.Formats.Tests.Support;

/// <summary>Reads exported tables back with the libraries a user would: CsvHelper and the Open XML SDK.</summary>
public static class Tables
{
    /// <summary>The header and the records of a CSV file.</summary>
    public static (List<string> Header, List<List<string>> Rows) ReadCsv(byte[] csv)
    {
        using var reader = CsvReader.Create(new MemoryStream(csv), new CsvReaderOptions { HasHeader = false }, leaveOpen: false);
        var records = new List<List<string>>();
        while (reader.Read())
        {
            records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList());
        }
        return (records[0], records.Skip(1).ToList());
    }

    /// <summary>A sheet's cells as (text, is-number) per row, in row order, with empty cells as null.</summary>
    public static List<List<(string? Text, string? Type)>> ReadSheet(string path, string sheetName)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var rows = new List<List<(string?, string?)>>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new List<(string?, string?)>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                while (cells.Count < column)
                {
                    cells.Add((null, null));
                }
                var text = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text;
                cells.Add((text, cell.DataType?.Value.ToString()));
            }
            rows.Add(cells);
        }
        return rows;
    }

    /// <summary>Schema errors the Open XML SDK's validator finds (Office 2019 rules).</summary>
    public static List<string> ValidationErrors(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        return new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019)
            .Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
    }

    /// <summary>The sheet names in order.</summary>
    public static List<string> SheetNames(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        return document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
    }

    /// <summary>True when the sheet's first row is frozen.</summary>
    public static bool HeaderFrozen(string path, string sheetName)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var pane = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Pane>().SingleOrDefault();
        return pane is { VerticalSplit.Value: 1 } && pane.State?.Value == PaneStateValues.Frozen;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }
}
