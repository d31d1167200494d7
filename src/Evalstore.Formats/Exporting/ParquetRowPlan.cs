using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Formats.Exporting;

/// <summary>What a Parquet column holds.</summary>
internal enum ParquetKind : byte
{
    Double,
    Boolean,
    Text,
}

/// <summary>
/// The typed columns of a result's Parquet rows, learnt in one streaming pass (item fields can differ from row to row):
/// an item field is flattened when it is a scalar (or null) in every row, as a double when every value is a number,
/// a boolean when every value is one, else as text; a score's column type follows its aggregate's score type.
/// </summary>
internal sealed class ParquetRowPlan
{
    private ParquetRowPlan(IReadOnlyList<(string Name, ParquetKind Kind)> itemFields,
        IReadOnlyList<(string Metric, string Name, ParquetKind Kind)> scores)
    {
        ItemFields = itemFields;
        Scores = scores;
    }

    public IReadOnlyList<(string Name, ParquetKind Kind)> ItemFields { get; }

    public IReadOnlyList<(string Metric, string Name, ParquetKind Kind)> Scores { get; }

    public static async Task<ParquetRowPlan> ScanAsync(IEvalStore store, string workspace, ResultInfo result,
        CancellationToken cancellationToken)
    {
        var order = new List<string>();
        var seen = new Dictionary<string, FieldKinds>(StringComparer.Ordinal);
        await foreach (var row in store.ReadRowsAsync(workspace, result.Id, new RowQuery(), cancellationToken))
        {
            using var document = row.Parse();
            if (!document.RootElement.TryGetProperty("item", out var item) || item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var field in item.EnumerateObject())
            {
                if (!seen.TryGetValue(field.Name, out var kinds))
                {
                    order.Add(field.Name);
                }
                seen[field.Name] = kinds | field.Value.ValueKind switch
                {
                    JsonValueKind.Number => FieldKinds.Number,
                    JsonValueKind.True or JsonValueKind.False => FieldKinds.Boolean,
                    JsonValueKind.String => FieldKinds.Text,
                    JsonValueKind.Null => FieldKinds.None,
                    _ => FieldKinds.Nested,
                };
            }
        }
        var fields = order.Where(name => !seen[name].HasFlag(FieldKinds.Nested)).Select(name => (name, seen[name] switch
        {
            FieldKinds.Number => ParquetKind.Double,
            FieldKinds.Boolean => ParquetKind.Boolean,
            _ => ParquetKind.Text,
        })).ToList();
        // Corpus-level scores have no per-row values; the built-in latency score is the latency_ms column already.
        var scores = result.Scores
            .Where(s => !result.CorpusScores.Any(c => c.Metric == s.Metric && c.Name == s.Name))
            .Where(s => !(s.Metric == BuiltInScores.LatencyMs && s.Name == BuiltInScores.LatencyMs))
            .Select(s => (s.Metric, s.Name, s.ScoreType switch
            {
                ScoreType.Range => ParquetKind.Double,
                ScoreType.Binary => ParquetKind.Boolean,
                _ => ParquetKind.Text,
            }))
            .ToList();
        return new ParquetRowPlan(fields, scores);
    }

    [Flags]
    private enum FieldKinds : byte
    {
        None = 0,
        Number = 1,
        Boolean = 2,
        Text = 4,
        Nested = 8,
    }
}
