using System.CommandLine;
using System.Text;
using Evalstore.Core;
using Evalstore.Formats.Exporting;

namespace Evalstore.Cli.Commands;

/// <summary>
/// <c>evalstore export NAME [--format jsonl|csv|xlsx|parquet] [--aggregates] [-o FILE]</c>: a result's rows (or
/// aggregates) as JSONL, CSV, an Excel workbook or a typed Parquet table, streamed from the database or the server to a
/// file or stdout; <c>evalstore export --dataset D --format parquet -o FILE</c>: every completed result on a dataset
/// as one long Parquet table for notebooks.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] s_formats = ["jsonl", "csv", "xlsx", "parquet"];
    private static readonly Argument<string?> s_name = new("name")
    {
        Description = "Result name or UUID.",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private static readonly Option<string?> s_dataset = new("--dataset")
    {
        Description = "Instead of one result: every completed result on this dataset, one Parquet row per result, item, trial and score.",
    };
    private static readonly Option<string?> s_format =
        OutputFormat.Create("export", s_formats, defaultText: "from the -o file's extension, else jsonl");
    private static readonly Option<bool> s_aggregates = new("--aggregates")
    {
        Description = "With csv: one row per score with its statistics instead of the rows.",
    };
    private static readonly Option<FileInfo?> s_output = new("--output", "-o")
    {
        Description = "File to write (default stdout; required for xlsx and parquet).",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("export",
            "Export a result as JSONL (row scores, re-importable), CSV, XLSX or Parquet, or a dataset's results as Parquet.")
        {
            s_name, s_dataset, s_format, s_aggregates, s_output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.GetValue(s_output);
            var format = FormatOf(parse.GetValue(s_format), output, parse.GetValue(s_aggregates));
            if (format is ExportFormat.Xlsx or ExportFormat.Parquet && output is null)
            {
                var name = ExportFormats.Names[(int)format];
                throw EvalstoreException.BadRequest($"{(format == ExportFormat.Xlsx ? "An XLSX workbook" : "A Parquet file")} is binary: " +
                    $"give a file with -o FILE.{(format == ExportFormat.Xlsx ? "xlsx" : name)}.");
            }
            var workspace = GlobalOptions.WorkspaceOf(parse);
            var (resultName, dataset) = (parse.GetValue(s_name), parse.GetValue(s_dataset));
            if ((resultName is null) == (dataset is null))
            {
                throw EvalstoreException.BadRequest("Name one result to export, or give --dataset D for all its results (not both).");
            }
            if (dataset is not null && format != ExportFormat.Parquet)
            {
                throw EvalstoreException.BadRequest("--dataset writes one long Parquet table: add --format parquet -o FILE.parquet.");
            }
            await using var store = await GlobalOptions.OpenStoreAsync(parse, cancellationToken);
            if (dataset is not null)
            {
                var results = await WriteAsync(console, output,
                    file => DatasetExporter.ExportAsync(store, workspace, dataset, file, cancellationToken));
                console.Note($"Exported {Plural.Of(results.Count, "result")} on '{dataset}' " +
                    $"({Plural.Of(results.Sum(r => r.RowCount), "row")}) as parquet to {output!.FullName}.");
                return ExitCodes.Success;
            }
            var result = await ResultLookup.RequireAsync(store, workspace, resultName!, cancellationToken);
            await WriteAsync(console, output,
                file => ResultExporter.ExportAsync(store, workspace, result, format, file, cancellationToken));
            if (output is not null)
            {
                console.Note($"Exported '{result.Name}' ({Plural.Of(result.RowCount, "row")}) " +
                    $"as {ExportFormats.Names[(int)format]} to {output.FullName}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    // To stdout, or to FILE.partial renamed to FILE once complete, so a failed export never leaves a file that looks whole.
    private static async Task<T> WriteAsync<T>(CliConsole console, FileInfo? output, Func<Stream, Task<T>> write)
    {
        if (output is null)
        {
            await using var stdout = StdoutStream(console);
            return await write(stdout);
        }
        var partial = output.FullName + ".partial";
        try
        {
            T written;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                useAsync: true))
            {
                written = await write(file);
            }
            File.Move(partial, output.FullName, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static Task WriteAsync(CliConsole console, FileInfo? output, Func<Stream, Task> write) =>
        WriteAsync(console, output, async stream =>
        {
            await write(stream);
            return true;
        });

    // --format picks the format; without it the -o extension decides, else JSONL.
    private static ExportFormat FormatOf(string? format, FileInfo? output, bool aggregates)
    {
        var chosen = format switch
        {
            null => output?.Extension.ToLowerInvariant() switch
            {
                ".csv" => ExportFormat.Csv,
                ".xlsx" => ExportFormat.Xlsx,
                ".parquet" => ExportFormat.Parquet,
                _ => ExportFormat.Jsonl,
            },
            _ => ExportFormats.Parse(format),
        };
        if (aggregates)
        {
            return chosen is ExportFormat.Csv || (chosen is ExportFormat.Jsonl && format is null)
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
