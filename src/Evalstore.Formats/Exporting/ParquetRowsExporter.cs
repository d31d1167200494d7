using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Parquet;
using Parquet.Schema;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// A result's rows as one typed Parquet table, one row per item and trial: <c>row_index</c>, <c>trial</c>,
/// <c>row_digest</c>, <c>item.&lt;field&gt;</c> for every scalar item field, <c>item</c> (the whole item as JSON),
/// <c>output</c> (<c>sample.output_text</c>), one double, boolean or string column per score named
/// <c>metric:score</c> as in the CSV, <c>latency_ms</c>, <c>input_tokens</c> and <c>output_tokens</c>. Rows are written
/// in row groups of <see cref="RowGroupSize"/>, so memory holds one group whatever the result's size.
/// </summary>
internal static class ParquetRowsExporter
{
    public const int RowGroupSize = 16_384;

    public static async Task WriteAsync(IEvalStore store, string workspace, ResultInfo result, Stream destination,
        CancellationToken cancellationToken)
    {
        var plan = await ParquetRowPlan.ScanAsync(store, workspace, result, cancellationToken);
        await ParquetSpool.WriteAsync(destination, file => WriteFileAsync(store, workspace, result, plan, file, cancellationToken),
            cancellationToken);
    }

    private static async Task WriteFileAsync(IEvalStore store, string workspace, ResultInfo result, ParquetRowPlan plan, Stream file,
        CancellationToken cancellationToken)
    {
        var rowIndex = ParquetColumn.Int64("row_index", RowGroupSize);
        var trial = ParquetColumn.Int32("trial", RowGroupSize);
        var digest = ParquetColumn.Text("row_digest", RowGroupSize);
        var itemFields = plan.ItemFields.Select(f => (f.Name, Column: Typed("item." + f.Name, f.Kind))).ToList();
        var item = ParquetColumn.Text("item", RowGroupSize);
        var output = ParquetColumn.Text("output", RowGroupSize);
        var scores = plan.Scores.ToDictionary(s => (s.Metric, s.Name), s => Typed(RowTable.ScoreColumn(s.Metric, s.Name), s.Kind));
        var latency = ParquetColumn.Double("latency_ms", RowGroupSize);
        var inputTokens = ParquetColumn.Int64("input_tokens", RowGroupSize);
        var outputTokens = ParquetColumn.Int64("output_tokens", RowGroupSize);
        List<ParquetColumn> columns = [rowIndex, trial, digest, .. itemFields.Select(f => f.Column), item, output, .. scores.Values];
        columns.AddRange([latency, inputTokens, outputTokens]);

        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field)), file,
            cancellationToken: cancellationToken);
        var count = 0;
        await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery(), cancellationToken))
        {
            using (var document = row.Parse())
            {
                var root = document.RootElement;
                rowIndex.Set(count, row.RowIndex);
                trial.Set(count, row.Trial);
                digest.Set(count, row.Digest);
                if (root.TryGetProperty("item", out var itemValue))
                {
                    item.Set(count, itemValue.GetRawText());
                    foreach (var (name, column) in itemFields)
                    {
                        if (itemValue.ValueKind == JsonValueKind.Object && itemValue.TryGetProperty(name, out var field))
                        {
                            Set(column, count, field);
                        }
                    }
                }
                if (root.TryGetProperty("sample", out var sample) && ParquetValues.Property(sample, "output_text") is { } text)
                {
                    output.Set(count, ParquetValues.Text(text));
                }
                foreach (var (metric, name, value) in RowScores(root))
                {
                    if (scores.TryGetValue((metric, name), out var column))
                    {
                        Set(column, count, value);
                    }
                }
                latency.Set(count, Latency(root));
                var usage = ParquetValues.Property(root, "usage");
                inputTokens.Set(count, usage is { } u && ParquetValues.Property(u, "input_tokens", "prompt_tokens") is { } i
                    ? ParquetValues.Int64(i) : null);
                outputTokens.Set(count, usage is { } v && ParquetValues.Property(v, "output_tokens", "completion_tokens") is { } o
                    ? ParquetValues.Int64(o) : null);
            }
            if (++count == RowGroupSize)
            {
                await FlushAsync(writer, columns, count, cancellationToken);
                count = 0;
            }
        }
        if (count > 0 || result.RowCount == 0)
        {
            await FlushAsync(writer, columns, count, cancellationToken);
        }
    }

    /// <summary>Every score of a row as (metric, score name, value).</summary>
    public static IEnumerable<(string Metric, string Name, JsonElement Value)> RowScores(JsonElement root)
    {
        if (!root.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var metric in metrics.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Array))
        {
            foreach (var score in metric.Value.EnumerateArray())
            {
                if (score.ValueKind == JsonValueKind.Object && score.TryGetProperty("name", out var name)
                    && name.ValueKind == JsonValueKind.String && score.TryGetProperty("value", out var value))
                {
                    yield return (metric.Name, name.GetString()!, value);
                }
            }
        }
    }

    /// <summary>The row's latency_ms field, else its own latency_ms metric (the one ingest would have used instead).</summary>
    public static double? Latency(JsonElement root) =>
        ParquetValues.Property(root, BuiltInScores.LatencyMs) is { } field ? ParquetValues.Double(field)
        : RowScores(root).Where(s => s.Metric == BuiltInScores.LatencyMs && s.Name == BuiltInScores.LatencyMs)
            .Select(s => ParquetValues.Double(s.Value)).FirstOrDefault();

    private static ParquetColumn Typed(string name, ParquetKind kind) => kind switch
    {
        ParquetKind.Double => ParquetColumn.Double(name, RowGroupSize),
        ParquetKind.Boolean => ParquetColumn.Boolean(name, RowGroupSize),
        _ => ParquetColumn.Text(name, RowGroupSize),
    };

    private static void Set(ParquetColumn column, int row, JsonElement value)
    {
        switch (column)
        {
            case ParquetColumn<double> numbers:
                numbers.Set(row, ParquetValues.Double(value));
                break;
            case ParquetColumn<bool> flags:
                flags.Set(row, ParquetValues.Boolean(value));
                break;
            case ParquetTextColumn text:
                text.Set(row, ParquetValues.Text(value));
                break;
        }
    }

    private static async Task FlushAsync(ParquetWriter writer, List<ParquetColumn> columns, int count, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            await column.FlushAsync(group, count, cancellationToken);
        }
        group.CompleteValidate();
    }
}
