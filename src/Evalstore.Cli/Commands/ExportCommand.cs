using System.CommandLine;
using System.Text;
using Evalstore.Core;
using Evalstore.Formats.Exporting;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore export NAME --format jsonl|csv|xlsx [--aggregates] [-o FILE]</c>: a result's rows (or aggregates) as
/// JSONL, CSV or an Excel workbook, streamed from the database or the server to a file or stdout.
/// </summary>
internal static class ExportCommand
{
    private static readonly Argument<string> s_name = new("name") { Description = "Result name or UUID." };
    private static readonly Option<bool> s_aggregates =
        new("--aggregates") { Description = "With csv: one row per score with its statistics instead of the rows." };
    private static readonly Option<FileInfo?> s_output =
        new("--output", "-o") { Description = "File to write (default stdout; required for xlsx)." };

    public static Command Create(CliConsole console)
    {
        var command =
            new Command("export", "Export a result as JSONL (row scores, re-importable), CSV (rows or --aggregates) or XLSX (--format).")
        {
            s_name, s_aggregates, s_output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.GetValue(s_output);
            var format = FormatOf(GlobalOptions.FormatOf(parse), output, parse.GetValue(s_aggregates));
            if (format == ExportFormat.Xlsx && output is null)
            {
                throw EvalstoreException.BadRequest("An XLSX workbook is binary: give a file with -o FILE.xlsx.");
            }
            var workspace = GlobalOptions.WorkspaceOf(parse);
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            var result = await ResultExporter.RequireAsync(store, workspace, parse.GetValue(s_name)!, cancellationToken);
            if (output is null)
            {
                await using var stdout = StdoutStream(console);
                await ResultExporter.ExportAsync(store, workspace, result, format, stdout, cancellationToken);
                return ExitCodes.Success;
            }
            var partial = output.FullName + ".partial";
            try
            {
                await using (var file =
                    new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true))
                {
                    await ResultExporter.ExportAsync(store, workspace, result, format, file, cancellationToken);
                }
                File.Move(partial, output.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            console.Note($"Exported '{result.Name}' ({result.RowCount} rows) as {ExportFormats.Names[(int)format]} to {output.FullName}.");
            return ExitCodes.Success;
        });
        return command;
    }

    // The global --format (default "table") picks the format; without it the -o extension decides, else JSONL.
    private static ExportFormat FormatOf(string format, FileInfo? output, bool aggregates)
    {
        var chosen = format switch
        {
            "table" => output?.Extension.ToLowerInvariant() switch
            {
                ".csv" => ExportFormat.Csv,
                ".xlsx" => ExportFormat.Xlsx,
                _ => ExportFormat.Jsonl,
            },
            "json" or "jsonl" => ExportFormat.Jsonl,
            "csv" => ExportFormat.Csv,
            "xlsx" => ExportFormat.Xlsx,
            _ => throw EvalstoreException.BadRequest($"--format {format}: export writes jsonl, csv or xlsx."),
        };
        if (aggregates)
        {
            return chosen is ExportFormat.Csv or ExportFormat.Jsonl && format is "csv" or "table"
                ? ExportFormat.AggregatesCsv
                : throw EvalstoreException.BadRequest("--aggregates writes CSV; XLSX always has an Aggregates sheet.");
        }
        return chosen;
    }

    // Bytes go straight to the process's stdout; under test, stdout is a TextWriter and gets the UTF-8 text.
    private static Stream StdoutStream(CliConsole console) =>
        ReferenceEquals(console.Data, Console.Out) ? Console.OpenStandardOutput() : new TextWriterStream(console.Data);

    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[_decoder.GetCharCount(buffer, offset, count)];
            _decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }
    }
}
