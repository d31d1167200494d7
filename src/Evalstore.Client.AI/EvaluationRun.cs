using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Core.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Evalstore.Client.AI;

/// <summary>
/// Collects <see cref="EvaluationResult"/>s of one evaluation run and stores them as one completed Evalstore result:
/// one row per evaluated response (see <see cref="EvaluationRows"/>). The same conversation evaluated again is another
/// trial of the same item. Rows are kept in memory until <see cref="SaveAsync"/>, which imports them in one request, so
/// the result is created with every metric declared (an evaluation run is hundreds or thousands of rows, each an LLM call).
/// </summary>
/// <param name="spec">Name, model, dataset, labels and any other run metadata of the result.</param>
public sealed class EvaluationRun(RunSpec spec)
{
    private readonly List<JsonObject> _rows = [];
    private readonly List<EvaluationResult> _results = [];
    private readonly Dictionary<string, (long RowIndex, int Trials)> _items = new(StringComparer.Ordinal);

    /// <summary>Rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>The run spec the result is created with: the given one plus declarations of every score seen.</summary>
    public RunSpec Spec => spec with
    {
        Kind = spec.Kind ?? ResultKind.Evaluation,
        Metrics = [.. spec.Metrics ?? [], .. EvaluationRows.Declarations(_results)
            .Where(d => spec.Metrics?.Any(m => m.Covers(d.Metric, d.Score!)) != true)],
    };

    /// <summary>Adds one evaluated response.</summary>
    /// <param name="messages">The conversation sent to the model.</param>
    /// <param name="response">The model's response that was evaluated.</param>
    /// <param name="result">What the evaluators said.</param>
    /// <param name="scenario">A name for the item (e.g. a test case), stored in it and part of its row digest.</param>
    /// <param name="latency">How long the model took to respond, stored as <c>latency_ms</c>.</param>
    /// <param name="labels">Labels of this row (e.g. where it came from), kept in the row under <c>labels</c>.</param>
    public void Add(IEnumerable<ChatMessage> messages, ChatResponse response, EvaluationResult result, string? scenario = null,
        TimeSpan? latency = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        var item = EvaluationRows.Item(messages, scenario);
        var key = item.ToJsonString();
        var (rowIndex, trials) = _items.TryGetValue(key, out var seen) ? seen : (_items.Count, 0);
        _items[key] = (rowIndex, trials + 1);
        var row = EvaluationRows.Row(item, response, result, rowIndex, trials, latency);
        if (labels is { Count: > 0 })
        {
            row["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }
        _rows.Add(row);
        _results.Add(result);
    }

    /// <summary>Runs an evaluator on a response, adds its result and returns it.</summary>
    public async Task<EvaluationResult> EvaluateAsync(IEvaluator evaluator, IList<ChatMessage> messages, ChatResponse response,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? context = null, string? scenario = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var result = await evaluator.EvaluateAsync(messages, response, chatConfiguration, context, cancellationToken).ConfigureAwait(false);
        Add(messages, response, result, scenario);
        return result;
    }

    /// <summary>The rows as ingest-format JSONL lines (UTF-8, without newlines).</summary>
    public IEnumerable<byte[]> Lines() => _rows.Select(row => JsonSerializer.SerializeToUtf8Bytes(row, s_line));

    // The AI libraries' default options indent their JSON; a JSONL row must stay on one line.
    private static readonly JsonSerializerOptions s_line = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>Stores the rows as one completed result in the workspace and returns it with its aggregates.</summary>
    public async Task<ResultInfo> SaveAsync(EvalstoreClient client, string workspace = "default",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_rows.Count == 0)
        {
            throw new InvalidOperationException("Nothing to save: add at least one evaluation result first.");
        }
        using var jsonl = new MemoryStream();
        foreach (var line in Lines())
        {
            jsonl.Write(line);
            jsonl.WriteByte((byte)'\n');
        }
        jsonl.Position = 0;
        return await client.ImportJsonlAsync(workspace, Spec, jsonl, cancellationToken).ConfigureAwait(false);
    }
}
