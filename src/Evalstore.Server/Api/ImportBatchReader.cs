using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Api;

/// <summary>
/// Reads a batch import: NDJSON with one result per line, <c>{"spec": {run spec}, "rows": [row, …]}</c>, the spec first
/// (its metric declarations type the rows). A line is parsed whole before its result is handed on, so every error names
/// the line, the result and the row.
/// </summary>
internal static class ImportBatchReader
{
    /// <summary>Reads every result of the batch; a malformed line is a 400 naming it.</summary>
    public static async IAsyncEnumerable<ResultImport> ReadAsync(Stream stream, int maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (line, number) in JsonlReader.ReadLinesAsync(stream, maxLineBytes, cancellationToken))
        {
            yield return Parse(line, number);
        }
    }

    /// <summary>Parses one line of a batch into its spec and rows (the rows are copied out of the line).</summary>
    public static ResultImport Parse(ReadOnlyMemory<byte> line, long number)
    {
        RunSpec? spec = null;
        var rows = new List<IngestRow>();
        try
        {
            var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { MaxDepth = RowParser.MaxDepth + 2 });
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, number, "expected a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("spec"u8))
                {
                    reader.Read();
                    spec = JsonSerializer.Deserialize<RunSpec>(ref reader, EvalstoreJson.Options);
                    Expect(spec is not null, number, "'spec' is null");
                }
                else if (reader.ValueTextEquals("rows"u8))
                {
                    Expect(spec is not null, number, "'spec' must come before 'rows'");
                    ReadRows(ref reader, line, number, spec!, rows);
                }
                else
                {
                    throw Located(number, $"unknown field '{reader.GetString()}': a line holds 'spec' and 'rows'");
                }
            }
        }
        catch (JsonException e)
        {
            throw Located(number, $"malformed JSON: {e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0]}");
        }
        Expect(spec is not null, number, "no 'spec'");
        Expect(rows.Count > 0, number, $"result '{spec!.Name}' has no rows");
        return new ResultImport(spec, rows.ToAsyncEnumerable());
    }

    private static void ReadRows(ref Utf8JsonReader reader, ReadOnlyMemory<byte> line, long number, RunSpec spec, List<IngestRow> rows)
    {
        reader.Read();
        Expect(reader.TokenType == JsonTokenType.StartArray, number, "'rows' must be an array of row objects");
        var parser = new RowParser(RunSpecRules.Normalize(spec).Metrics);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var row = line.Slice(start, (int)reader.BytesConsumed - start);
            try
            {
                rows.Add(parser.Parse(row, rows.Count + 1));
            }
            catch (EvalstoreException e)
            {
                // The parser names "line k" for the k-th row; here that is the row's place in the result.
                var detail = e.Detail.StartsWith("line ", StringComparison.Ordinal) ? "row " + e.Detail[5..] : e.Detail;
                throw Located(number, $"result '{spec.Name}', {detail}");
            }
        }
    }

    private static void Expect(bool condition, long number, string problem)
    {
        if (!condition)
        {
            throw Located(number, problem);
        }
    }

    private static EvalstoreException Located(long number, string detail) =>
        EvalstoreException.BadRequest($"batch line {number}: {detail}").With("line", number);
}
