using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// The row table of a result, as the NeMo pandas examples (seeds 003 and 004) build it — <c>{**row.item}</c>, then
/// <c>f"{metric}:{score.name}"</c> for every score — followed by what pandas leaves out: <c>row_index</c>,
/// <c>trial</c>, <c>row_digest</c>, each <c>sample.&lt;field&gt;</c>, each score's <c>reasoning.&lt;metric:score&gt;</c>
/// and <c>metric_errors</c>. The columns need one streaming pass over the rows first (item and sample fields can
/// differ from row to row, see <see cref="RowShape"/>); the table itself is a second pass. Memory holds the column
/// names, not the rows. Both passes read the stored UTF-8 with <see cref="Utf8JsonReader"/>, without a document.
/// </summary>
internal sealed partial class RowTable
{
    internal const string StringItemColumn = "item";

    // Where a cell's value came from, in the order a pandas-like fill would write them: a name that two sources share
    // (an item field named like a score, say) keeps the earliest source's non-empty value.
    private const byte FromItem = 0;
    private const byte FromScore = 1;
    private const byte FromLatency = 2;
    private const byte FromSample = 4;
    private const byte FromErrors = 5;

    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _rowIndex;
    private readonly int _trial;
    private readonly int _digest;
    private readonly int _latency;
    private readonly int _errors;

    private RowTable(IReadOnlyList<string> header)
    {
        Header = header;
        for (var i = 0; i < header.Count; i++)
        {
            _columns.TryAdd(header[i], i);
        }
        _lookup = _columns.GetAlternateLookup<ReadOnlySpan<char>>();
        _rowIndex = _columns["row_index"];
        _trial = _columns["trial"];
        _digest = _columns["row_digest"];
        _latency = _columns.GetValueOrDefault(ScoreColumn(BuiltInScores.LatencyMs, BuiltInScores.LatencyMs), -1);
        _errors = _columns.GetValueOrDefault("metric_errors", -1);
    }

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The column name of a score: <c>metric:name</c>, as the pandas examples write it.</summary>
    public static string ScoreColumn(string metric, string name) => $"{metric}:{name}";

    /// <summary>Reads every row once to learn the columns.</summary>
    public static async Task<RowTable> ScanAsync(IEvalStore store, string workspace, ResultInfo result, CancellationToken cancellationToken)
    {
        var shape = new RowShape();
        // Corpus-level scores have no per-row values, so no column.
        foreach (var score in result.Scores.Where(s => !result.CorpusScores.Any(c => c.Metric == s.Metric && c.Name == s.Name)))
        {
            shape.Scores.Add(ScoreColumn(score.Metric, score.Name));
        }
        await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery(), cancellationToken))
        {
            shape.Read(row.Json.Span);
        }
        var header = new List<string>(shape.Items.Items);
        header.AddRange(shape.Scores.Items);
        header.AddRange(["row_index", "trial", "row_digest"]);
        header.AddRange(shape.Samples.Items);
        header.AddRange(shape.Scores.Items.Where(shape.HasReasoning).Select(c => "reasoning." + c));
        if (shape.Errors)
        {
            header.Add("metric_errors");
        }
        return new RowTable(header);
    }

    /// <summary>Streams the table's rows (second pass); the array is reused, so use each row before asking for the next.</summary>
    public async IAsyncEnumerable<TableCell[]> RowsAsync(IEvalStore store, string workspace, Guid resultId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var row = new RowFill(this);
        await foreach (var record in store.ReadRowsAsync(workspace, resultId, new RowQuery(), cancellationToken))
        {
            row.Clear();
            row.Read(record.Json.Span);
            row.Set(_rowIndex, TableCell.Of(record.RowIndex), FromLatency + 1);
            row.Set(_trial, TableCell.Of((long)record.Trial), FromLatency + 1);
            row.Set(_digest, TableCell.Of(record.Digest), FromLatency + 1);
            yield return row.Cells;
        }
    }

    private int Column(ReadOnlySpan<char> name) => _lookup.TryGetValue(name, out var index) ? index : -1;

    /// <summary>A JSON value as a cell: strings unescaped, numbers with their JSON text, nested values as their raw JSON.</summary>
    private static TableCell Cell(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new(CellKind.Text, 0, reader.GetString());
            case JsonTokenType.Number:
                return new(CellKind.Number, reader.GetDouble(), Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return TableCell.Of(true);
            case JsonTokenType.False:
                return TableCell.Of(false);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return new(CellKind.Text, 0, Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]));
            default:
                return TableCell.Empty;
        }
    }
}
