using System.IO.Compression;
using System.Security;
using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// The small parts of an XLSX package around its sheets: content types, relationships, the workbook listing the
/// sheets, and the stylesheet (written by the Open XML SDK's DOM).
/// </summary>
internal static class XlsxPackageParts
{
    private const string SheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static void Write(ZipArchive zip, IReadOnlyList<string> sheets, Stylesheet stylesheet)
    {
        var types = new StringBuilder(
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" +
            """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">""")
            .Append("""<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>""")
            .Append("""<Default Extension="xml" ContentType="application/xml"/>""")
            .Append(
                """<Override PartName="/xl/workbook.xml" """ +
                """ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>""")
            .Append(
                """<Override PartName="/xl/styles.xml" """ +
                """ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""");
        for (var i = 1; i <= sheets.Count; i++)
        {
            types.Append($"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SheetType}"/>""");
        }
        Text(zip, "[Content_Types].xml", types.Append("</Types>").ToString());
        Text(zip, "_rels/.rels",
            $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Relationships}">""" +
            $"""<Relationship Id="rId1" Type="{OfficeRelationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");

        var workbookRels =
            new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Relationships}">""");
        for (var i = 1; i <= sheets.Count; i++)
        {
            workbookRels.Append($"""<Relationship Id="rId{i}" Type="{OfficeRelationships}/worksheet" Target="worksheets/sheet{i}.xml"/>""");
        }
        workbookRels.Append(
            $"""<Relationship Id="rId{sheets.Count + 1}" Type="{OfficeRelationships}/styles" Target="styles.xml"/></Relationships>""");
        Text(zip, "xl/_rels/workbook.xml.rels", workbookRels.ToString());

        var workbook = new Workbook(new Sheets(sheets.Select((name, i) => new Sheet
        {
            Name = SecurityElement.Escape(name) == name ? name : name.Replace("&", "and", StringComparison.Ordinal),
            SheetId = (uint)(i + 1),
            Id = $"rId{i + 1}",
        })));
        workbook.AddNamespaceDeclaration("r", OfficeRelationships);
        Save(zip, "xl/workbook.xml", workbook.Save);
        Save(zip, "xl/styles.xml", stylesheet.Save);
    }

    private static void Text(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    private static void Save(ZipArchive zip, string name, Action<Stream> save)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        save(stream);
    }
}
