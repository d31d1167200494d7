using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Formats.Exporting;

/// <summary>
/// The row table of a result, as the NeMo pandas examples (seeds 003 and 004) build it — <c>{**row.item}</c>, then
/// <c>f"{metric}:{score.name}"</c> for every score — followed by what pandas leaves out: <c>row_index</c>,
/// <c>trial</c>, <c>row_digest</c>, each <c>sample.&lt;field&gt;</c>, each score's <c>reasoning.&lt;metric:score&gt;</c>
/// and <c>metric_errors</c>. The columns need one streaming pass over the rows first (item and sample fields can
/// differ from row to row); the table itself is a second pass. Memory holds the column names, not the rows.
/// </summary>
internal sealed class RowTable
{
    private const string StringItemColumn = "item";

    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);

    private RowTable(IReadOnlyList<string> header) 
    {
        Header = header;
        for (var i = 0; i < header.Count; i++)
        {
            _columns.TryAdd(header[i], i);
        }
    }

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The column name of a score: <c>metric:name</c>, as the pandas examples write it.</summary>
    public static string ScoreColumn(string metric, string name) => $"{metric}:{name}";

    /// <summary>Reads every row once to learn the columns.</summary>
    public static async Task<RowTable> ScanAsync(IEvalStore store, string workspace, ResultInfo result, CancellationToken cancellationToken)
    {
        var items = new OrderedSet();
        var samples = new OrderedSet();
        var reasoning = new HashSet<string>(StringComparer.Ordinal);
        var scores = new OrderedSet();
        // Corpus-level scores have no per-row values, so no column.
        foreach (var score in result.Scores.Where(s => !result.CorpusScores.Any(c => c.Metric == s.Metric && c.Name == s.Name)))
        {
            scores.Add(ScoreColumn(score.Metric, score.Name));
        }
        var errors = false;
        await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery(), cancellationToken))
        {
            using var document = row.Parse();
            var root = document.RootElement;
            if (root.TryGetProperty("item", out var item))
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in item.EnumerateObject())
                    {
                        items.Add(field.Name);
                    }
                }
                else
                {
                    items.Add(StringItemColumn);
                }
            }
            if (root.TryGetProperty("sample", out var sample) && sample.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in sample.EnumerateObject())
                {
                    samples.Add("sample." + field.Name);
                }
            }
            foreach (var (column, score) in Scores(root))
            {
                scores.Add(column);
                if (score.TryGetProperty("reasoning", out var why) && why.ValueKind == JsonValueKind.String)
                {
                    reasoning.Add(column);
                }
            }
            errors |= root.TryGetProperty("metric_errors", out var e) && e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Any();
        }
        var header = new List<string>(items.Items);
        header.AddRange(scores.Items);
        header.AddRange(["row_index", "trial", "row_digest"]);
        header.AddRange(samples.Items);
        header.AddRange(scores.Items.Where(reasoning.Contains).Select(c => "reasoning." + c));
        if (errors)
        {
            header.Add("metric_errors");
        }
        return new RowTable(header);
    }

    /// <summary>Streams the table's rows (second pass); the array is reused, so use each row before asking for the next.</summary>
    public async IAsyncEnumerable<TableCell[]> RowsAsync(IEvalStore store, string workspace, Guid resultId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cells = new TableCell[Header.Count];
        await foreach (var row in store.ReadRowsAsync(workspace, resultId, new RowQuery(), cancellationToken))
        {
            Array.Clear(cells);
            using (var document = row.Parse())
            {
                Fill(document.RootElement, row, cells);
            }
            yield return cells;
        }
    }

    private void Fill(JsonElement root, RowRecord row, TableCell[] cells)
    {
        if (root.TryGetProperty("item", out var item))
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in item.EnumerateObject())
                {
                    Set(cells, field.Name, TableCell.FromJson(field.Value));
                }
            }
            else
            {
                Set(cells, StringItemColumn, TableCell.FromJson(item));
            }
        }
        foreach (var (column, score) in Scores(root))
        {
            if (score.TryGetProperty("value", out var value))
            {
                Set(cells, column, TableCell.FromJson(value));
            }
            if (score.TryGetProperty("reasoning", out var why) && why.ValueKind == JsonValueKind.String)
            {
                Set(cells, "reasoning." + column, TableCell.Of(why.GetString()));
            }
        }
        // A built-in score is derived from a row field, not stored under metrics: fill its column from that field (a row's
        // own metric of the same name came first above and wins, as it does at ingest).
        if (root.TryGetProperty(BuiltInScores.LatencyMs, out var latency) && latency.ValueKind == JsonValueKind.Number)
        {
            Set(cells, ScoreColumn(BuiltInScores.LatencyMs, BuiltInScores.LatencyMs), TableCell.FromJson(latency));
        }
        Set(cells, "row_index", TableCell.Of(row.RowIndex));
        Set(cells, "trial", TableCell.Of((long)row.Trial));
        Set(cells, "row_digest", TableCell.Of(row.Digest));
        if (root.TryGetProperty("sample", out var sample) && sample.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in sample.EnumerateObject())
            {
                Set(cells, "sample." + field.Name, TableCell.FromJson(field.Value));
            }
        }
        if (root.TryGetProperty("metric_errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            Set(cells, "metric_errors", TableCell.FromJson(errors));
        }
    }

    private void Set(TableCell[] cells, string column, TableCell cell)
    {
        // The first column of a name wins, as pandas would overwrite a later one: an item field named like a score is rare.
        if (_columns.TryGetValue(column, out var index) && cells[index].Kind == CellKind.Empty)
        {
            cells[index] = cell;
        }
    }

    private static IEnumerable<(string Column, JsonElement Score)> Scores(JsonElement root)
    {
        if (!root.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var metric in metrics.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Array))
        {
            foreach (var score in metric.Value.EnumerateArray())
            {
                if (score.ValueKind == JsonValueKind.Object && score.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    yield return (ScoreColumn(metric.Name, name.GetString()!), score);
                }
            }
        }
    }

    /// <summary>Names in first-seen order without duplicates.</summary>
    private sealed class OrderedSet
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> Items { get; } = [];

        public void Add(string name)
        {
            if (_seen.Add(name))
            {
                Items.Add(name);
            }
        }
    }
}
