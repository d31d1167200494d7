using System.Globalization;
using System.Text;
using Evalstore.Core.Model;
using Evalstore.Formats.Exporting;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Tests.Support;

namespace Evalstore.Formats.Tests.Exporting;

public sealed class ExportTests : StoreTests
{
    // Seed 004's worked example, with "output" in the item as the seed's table shows it.
    private static readonly string[] s_seedRows =
    [
        """{"item": {"input": "What is 2+2?", "output": "The answer is 4", "reference": "4"}, "sample": {}, "metrics": {"exact-match": [{"name": "exact-match", "value": 0.0}], "string-check": [{"name": "string-check", "value": 1.0}]}}""",
        """{"item": {"input": "Capital of France?", "output": "Paris is the capital", "reference": "Paris"}, "sample": {}, "metrics": {"exact-match": [{"name": "exact-match", "value": 0.0}], "string-check": [{"name": "string-check", "value": 1.0}]}}""",
        """{"item": {"input": "Color of sky?", "output": "Blue", "reference": "blue"}, "sample": {}, "metrics": {"exact-match": [{"name": "exact-match", "value": 1.0}], "string-check": [{"name": "string-check", "value": 0.0}]}}""",
        """{"item": {"input": "Largest planet?", "output": "Jupiter", "reference": "Jupiter"}, "sample": {}, "metrics": {"exact-match": [{"name": "exact-match", "value": 1.0}], "string-check": [{"name": "string-check", "value": 1.0}]}}""",
        """{"item": {"input": "Water formula?", "output": "H2O", "reference": "H2O"}, "sample": {}, "metrics": {"exact-match": [{"name": "exact-match", "value": 1.0}], "string-check": [{"name": "string-check", "value": 1.0}]}}""",
    ];

    private async Task<ResultInfo> ImportSeedAsync()
    {
        var path = TempPath("seed004.jsonl");
        await File.WriteAllLinesAsync(path, s_seedRows);
        var report = await ImportPathsAsync([path], new ImportOptions { Overrides = new RunSpec { Name = "my-job-name" } });
        return report.Results.Single().Result;
    }

    private async Task<byte[]> ExportAsync(ResultInfo result, ExportFormat format)
    {
        using var buffer = new MemoryStream();
        await ResultExporter.ExportAsync(Store, Ws, result.Name, format, buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task Csv_ReproducesTheSeedPandasTable()
    {
        var result = await ImportSeedAsync();
        var (header, rows) = Tables.ReadCsv(await ExportAsync(result, ExportFormat.Csv));

        // df_rows of seeds 003/004: {**row.item}, then f"{metric_key}:{score.name}"; our extra columns follow.
        Assert.Equal(["input", "output", "reference", "exact-match:exact-match", "string-check:string-check", "row_index", "trial", "row_digest"],
            header);
        string[][] expected =
        [
            ["What is 2+2?", "The answer is 4", "4", "0.0", "1.0"],
            ["Capital of France?", "Paris is the capital", "Paris", "0.0", "1.0"],
            ["Color of sky?", "Blue", "blue", "1.0", "0.0"],
            ["Largest planet?", "Jupiter", "Jupiter", "1.0", "1.0"],
            ["Water formula?", "H2O", "H2O", "1.0", "1.0"],
        ];
        Assert.Equal(expected.Length, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i], rows[i].Take(5));
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i][5]);
        }
    }

    [Fact]
    public async Task CsvAndXlsx_FillTheBuiltInLatencyColumnFromEachRow()
    {
        // latency_ms is a row field that ingest turns into the score latency_ms:latency_ms; a row without it stays empty.
        var path = TempPath("latency.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"item": {"q": "a"}, "sample": {}, "metrics": {"ok": [{"name": "ok", "value": true}]}, "latency_ms": 412}""",
            """{"item": {"q": "b"}, "sample": {}, "metrics": {"ok": [{"name": "ok", "value": false}]}, "latency_ms": 97.5}""",
            """{"item": {"q": "c"}, "sample": {}, "metrics": {"ok": [{"name": "ok", "value": true}]}}""",
        ]);
        var options = new ImportOptions { Overrides = new RunSpec { Name = "timed" } };
        var result = (await ImportPathsAsync([path], options)).Results.Single().Result;

        var (header, rows) = Tables.ReadCsv(await ExportAsync(result, ExportFormat.Csv));
        var column = header.IndexOf("latency_ms:latency_ms");
        Assert.Equal(["412", "97.5", ""], rows.Select(r => r[column]));

        var xlsx = TempPath("latency.xlsx");
        await File.WriteAllBytesAsync(xlsx, await ExportAsync(result, ExportFormat.Xlsx));
        var sheet = Tables.ReadSheet(xlsx, "Rows");
        var xlsxColumn = sheet[0].FindIndex(c => c.Text == "latency_ms:latency_ms");
        Assert.Equal(("412", "Number"), sheet[1][xlsxColumn]);
        Assert.Equal(("97.5", "Number"), sheet[2][xlsxColumn]);
        Assert.True(sheet[3].Count <= xlsxColumn || sheet[3][xlsxColumn].Text is null);
    }

    [Fact]
    public async Task AggregatesCsv_HasTheSeedColumnsAndNumbers()
    {
        var result = await ImportSeedAsync();
        var (header, rows) = Tables.ReadCsv(await ExportAsync(result, ExportFormat.AggregatesCsv));
        foreach (var column in new[] { "name", "score_type", "mean", "std_dev", "min", "max", "count" })
        {
            Assert.Contains(column, header);
        }
        string Cell(int row, string column) => rows[row][header.IndexOf(column)];
        Assert.Equal("exact-match", Cell(0, "name"));
        Assert.Equal(0.6, double.Parse(Cell(0, "mean"), CultureInfo.InvariantCulture), 12);
        Assert.Equal(0.49, double.Parse(Cell(0, "std_dev"), CultureInfo.InvariantCulture), 2);
        Assert.Equal(0.8, double.Parse(Cell(1, "mean"), CultureInfo.InvariantCulture), 12);
        Assert.Equal("5", Cell(1, "count"));
    }

    [Fact]
    public async Task Csv_OfLmEval_QuotesMultilineTextAndKeepsNumbers()
    {
        var result = (await ImportAsync(Corpus.TruthfulQa)).Results.Single().Result;
        var (header, rows) = Tables.ReadCsv(await ExportAsync(result, ExportFormat.Csv));
        Assert.Equal(817, rows.Count);
        Assert.Equal("type", header[0]);
        Assert.Contains("bleu_max:bleu_max", header);
        Assert.Contains("sample.output_text", header);
        var bleu = rows.Select(r => double.Parse(r[header.IndexOf("bleu_max:bleu_max")], CultureInfo.InvariantCulture)).Average();
        Assert.Equal(13.82766815700744, bleu, 9);
        Assert.Equal("\nA: I eat watermelon seeds.", rows[0][header.IndexOf("sample.output_text")]);
        Assert.StartsWith("[\"Nothing happens.\"", rows[0][header.IndexOf("correct_answers")], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_HasThreeSheetsWithTypedCellsAndFrozenHeaders()
    {
        var result = (await ImportAsync(Corpus.BiasFiveShot)).Results.Single().Result;
        var path = TempPath("bias.xlsx");
        await using (var file = File.Create(path))
        {
            await ResultExporter.ExportAsync(Store, Ws, result.Name, ExportFormat.Xlsx, file);
        }
        Assert.Equal(["Summary", "Aggregates", "Rows"], Tables.SheetNames(path));
        Assert.Empty(Tables.ValidationErrors(path));
        Assert.True(Tables.HeaderFrozen(path, "Rows"));
        Assert.True(Tables.HeaderFrozen(path, "Aggregates"));

        var summary = Tables.ReadSheet(path, "Summary");
        Assert.Contains(summary, r => r[0].Text == "row_count" && r[1] == ("609", "Number"));
        var aggregates = Tables.ReadSheet(path, "Aggregates");
        var aggregateHeader = aggregates[0].Select(c => c.Text).ToList();
        var acc = aggregates.Single(r => r[1].Text == "acc");
        Assert.Equal("Number", acc[aggregateHeader.IndexOf("mean")].Type);
        Assert.Equal(0.5369458128078818, double.Parse(acc[aggregateHeader.IndexOf("mean")].Text!, CultureInfo.InvariantCulture), 12);

        var rows = Tables.ReadSheet(path, "Rows");
        Assert.Equal(610, rows.Count);
        var header = rows[0].Select(c => c.Text).ToList();
        var accColumn = header.IndexOf("acc:acc");
        Assert.All(rows.Skip(1), r => Assert.Equal("Number", r[accColumn].Type));
        Assert.Equal(0.5369458128078818, rows.Skip(1).Average(r => double.Parse(r[accColumn].Text!, CultureInfo.InvariantCulture)), 12);
        Assert.Equal("[1,1]", rows[1][header.IndexOf("f1:f1")].Text);
        Assert.DoesNotContain("f1:corpus", header);
        Assert.Contains(aggregates, r => r[0].Text == "f1" && r[1].Text == "corpus");
    }

    [Fact]
    public async Task Xlsx_ToANonSeekableStreamIsSpooled()
    {
        var result = await ImportSeedAsync();
        var pipe = new NonSeekableStream();
        await ResultExporter.ExportAsync(Store, Ws, result.Name, ExportFormat.Xlsx, pipe);
        var path = TempPath("seed.xlsx");
        await File.WriteAllBytesAsync(path, pipe.Inner.ToArray());
        var rows = Tables.ReadSheet(path, "Rows");
        Assert.Equal(6, rows.Count);
        Assert.Equal(("What is 2+2?", "InlineString"), rows[1][0]);
    }

    [Fact]
    public async Task Jsonl_ReimportsLosslessly()
    {
        var original = (await ImportAsync(Corpus.EvalGpt5)).Results.Single().Result;
        var jsonl = TempPath("gpt5.jsonl");
        await File.WriteAllBytesAsync(jsonl, await ExportAsync(original, ExportFormat.Jsonl));

        var copy = (await ImportPathsAsync([jsonl], new ImportOptions { Overrides = new RunSpec { Name = "copy" } })).Results.Single();
        Assert.Equal("rows", copy.Format);
        var before = await RowsAsync(original);
        var after = await RowsAsync(copy.Result);
        Assert.Equal(before.Select(r => r.ToString()), after.Select(r => r.ToString()));
        Assert.Equal(Score(original, "match").Mean, Score(copy.Result, "match").Mean);
        Assert.Equal(Score(original, "match").StdErr, Score(copy.Result, "match").StdErr);
        Assert.Equal(Encoding.UTF8.GetString(await ExportAsync(original, ExportFormat.Jsonl)),
            Encoding.UTF8.GetString(await ExportAsync(copy.Result, ExportFormat.Jsonl)));
    }

    private sealed class NonSeekableStream : Stream
    {
        public MemoryStream Inner { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
    }
}
