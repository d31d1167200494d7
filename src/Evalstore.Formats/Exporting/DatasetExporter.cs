using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Parquet;
using Parquet.Schema;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// Every completed result on one dataset as one long Parquet table, one row per result, item, trial and score:
/// <c>result</c>, <c>result_id</c>, <c>model</c>, <c>created_at</c>, <c>row_index</c>, <c>trial</c>, <c>row_digest</c>,
/// <c>metric</c>, <c>score</c>, <c>value</c> (numbers, pass as 1 and fail as 0) and <c>label</c> (rubric and text
/// values). A notebook loads it in one line and pivots or groups it as it likes; the row digest joins items across
/// results. Written in row groups, so memory stays flat however many results there are.
/// </summary>
public static class DatasetExporter
{
    private const int RowGroupSize = ParquetRowsExporter.RowGroupSize;
    private const int ResultsPerPage = 500;

    /// <summary>Writes the table and returns the results it holds (none is a 404: there is nothing to load).</summary>
    public static async Task<IReadOnlyList<ResultInfo>> ExportAsync(IEvalStore store, string workspace, string dataset, Stream destination,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var results = await CompletedResultsAsync(store, workspace, dataset, cancellationToken);
        if (results.Count == 0)
        {
            throw EvalstoreException.NotFound($"No completed result on dataset '{dataset}' in workspace '{workspace}'.");
        }
        await ParquetSpool.WriteAsync(destination, file => WriteFileAsync(store, workspace, results, file, cancellationToken),
            cancellationToken);
        return results;
    }

    private static async Task<List<ResultInfo>> CompletedResultsAsync(IEvalStore store, string workspace, string dataset,
        CancellationToken cancellationToken)
    {
        var filter = FilterParser.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["dataset"] = dataset }),
            FilterSchema.Results);
        var results = new List<ResultInfo>();
        for (var page = 1; ; page++)
        {
            var found = await store.ListResultsAsync(workspace,
                new ResultQuery { Filter = filter, Sort = "created_at", Page = page, PageSize = ResultsPerPage }, cancellationToken);
            results.AddRange(found.Data.Where(r => r.Status == ResultStatus.Completed));
            if (page >= found.TotalPages)
            {
                return results;
            }
        }
    }

    private static async Task WriteFileAsync(IEvalStore store, string workspace, IReadOnlyList<ResultInfo> results, Stream file,
        CancellationToken cancellationToken)
    {
        var result = ParquetColumn.Text("result", RowGroupSize);
        var resultId = ParquetColumn.Text("result_id", RowGroupSize);
        var model = ParquetColumn.Text("model", RowGroupSize);
        var createdAt = ParquetColumn.Timestamp("created_at", RowGroupSize);
        var rowIndex = ParquetColumn.Int64("row_index", RowGroupSize);
        var trial = ParquetColumn.Int32("trial", RowGroupSize);
        var digest = ParquetColumn.Text("row_digest", RowGroupSize);
        var metric = ParquetColumn.Text("metric", RowGroupSize);
        var score = ParquetColumn.Text("score", RowGroupSize);
        var value = ParquetColumn.Double("value", RowGroupSize);
        var label = ParquetColumn.Text("label", RowGroupSize);
        List<ParquetColumn> columns = [result, resultId, model, createdAt, rowIndex, trial, digest, metric, score, value, label];

        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field)), file,
            cancellationToken: cancellationToken);
        var count = 0;
        foreach (var info in results)
        {
            await foreach (var row in store.ReadRowsAsync(workspace, info.Id, new RowQuery(), cancellationToken))
            {
                using var document = row.Parse();
                foreach (var (metricKey, name, element) in Scores(document.RootElement))
                {
                    result.Set(count, info.Name);
                    resultId.Set(count, info.Id.ToString());
                    model.Set(count, info.Model);
                    createdAt.Set(count, info.CreatedAt.UtcDateTime);
                    rowIndex.Set(count, row.RowIndex);
                    trial.Set(count, row.Trial);
                    digest.Set(count, row.Digest);
                    metric.Set(count, metricKey);
                    score.Set(count, name);
                    value.Set(count, ParquetValues.Double(element));
                    label.Set(count,
                        element.ValueKind == JsonValueKind.String && element.GetString() != "NaN" ? element.GetString() : null);
                    if (++count == RowGroupSize)
                    {
                        await FlushAsync(writer, columns, count, cancellationToken);
                        count = 0;
                    }
                }
            }
        }
        if (count > 0)
        {
            await FlushAsync(writer, columns, count, cancellationToken);
        }
    }

    // A row's scores, and the built-in latency score ingest derived from its latency_ms field.
    private static IEnumerable<(string Metric, string Name, JsonElement Value)> Scores(JsonElement root)
    {
        var hasLatencyMetric = false;
        foreach (var entry in ParquetRowsExporter.RowScores(root))
        {
            hasLatencyMetric |= entry.Metric == BuiltInScores.LatencyMs;
            yield return entry;
        }
        if (!hasLatencyMetric && ParquetValues.Property(root, BuiltInScores.LatencyMs) is { ValueKind: JsonValueKind.Number } latency)
        {
            yield return (BuiltInScores.LatencyMs, BuiltInScores.LatencyMs, latency);
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
