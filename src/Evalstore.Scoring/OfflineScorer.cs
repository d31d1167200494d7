using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Scoring.Metrics;

namespace Evalstore.Scoring;

/// <summary>
/// Scores rows that already hold model outputs, as NeMo's offline metric jobs do: each line (item, sample and any
/// other ingest fields) gets the metrics' scores added under <c>metrics</c> and their failures under
/// <c>metric_errors</c>. Rows are scored a window at a time so that judge calls run concurrently, and written out in
/// their input order.
/// </summary>
public sealed class OfflineScorer
{
    private const int Window = 32;
    // Rows are stored and shown as written: no HTML-safe escaping of quotes and apostrophes.
    private static readonly JsonSerializerOptions s_output =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IReadOnlyList<Metric> _metrics;

    /// <summary>Builds the metrics; duplicate metric keys are a 400.</summary>
    public OfflineScorer(IReadOnlyList<MetricSpec> specs, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count == 0)
        {
            throw EvalstoreException.BadRequest("Name at least one metric to score with.");
        }
        var duplicate = specs.GroupBy(s => s.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw EvalstoreException.BadRequest($"Metric '{duplicate.Key}' is named twice; give one of them another name (NAME=TYPE).");
        }
        _metrics = specs.Select(s => MetricFactory.Create(s, http)).ToList();
    }

    /// <summary>Declarations of the scores the metrics write.</summary>
    public IReadOnlyList<MetricDeclaration> Declarations => _metrics.Select(m => m.Declaration).ToList();

    /// <summary>Corpus-level scores, complete once every row was scored.</summary>
    public IReadOnlyList<CorpusScore> CorpusScores() => _metrics.SelectMany(m => m.CorpusScores()).ToList();

    /// <summary>Scores every line and yields the scored lines (UTF-8 JSON, no newline) in input order.</summary>
    public async IAsyncEnumerable<byte[]> ScoreAsync(IAsyncEnumerable<(ReadOnlyMemory<byte> Line, long Number)> lines,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var window = new List<(JsonObject Row, long Number)>(Window);
        await foreach (var (line, number) in lines.WithCancellation(cancellationToken))
        {
            window.Add((Parse(line, number), number));
            if (window.Count == Window)
            {
                foreach (var scored in await ScoreWindowAsync(window, cancellationToken))
                {
                    yield return scored;
                }
                window.Clear();
            }
        }
        foreach (var scored in await ScoreWindowAsync(window, cancellationToken))
        {
            yield return scored;
        }
    }

    private async Task<List<byte[]>> ScoreWindowAsync(List<(JsonObject Row, long Number)> window, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(window.Select(async entry =>
        {
            using var document = JsonDocument.Parse(entry.Row.ToJsonString());
            var results = new MetricOutcome[_metrics.Count];
            for (var i = 0; i < _metrics.Count; i++)
            {
                results[i] = await _metrics[i].ScoreAsync(document.RootElement, cancellationToken);
            }
            return results;
        }));
        var scored = new List<byte[]>(window.Count);
        for (var w = 0; w < window.Count; w++)
        {
            var (row, number) = window[w];
            var metrics = row["metrics"] as JsonObject ?? [];
            row["metrics"] = metrics;
            for (var i = 0; i < _metrics.Count; i++)
            {
                var key = _metrics[i].Spec.Key;
                if (metrics.ContainsKey(key))
                {
                    throw EvalstoreException.BadRequest(
                        $"line {number}: the row already has a metric '{key}'; name the new one differently (NAME=TYPE).")
                        .With("line", number);
                }
                var outcome = outcomes[w][i];
                var score = new JsonObject { ["name"] = key, ["value"] = JsonValue(outcome.Value) };
                if (outcome.Reasoning is not null)
                {
                    score["reasoning"] = outcome.Reasoning;
                }
                metrics[key] = new JsonArray(score);
                if (outcome.Error is not null)
                {
                    var errors = row["metric_errors"] as JsonObject ?? [];
                    row["metric_errors"] = errors;
                    errors[key] = outcome.Error;
                }
            }
            scored.Add(JsonSerializer.SerializeToUtf8Bytes(row, s_output));
        }
        return scored;
    }

    private static JsonNode? JsonValue(object? value) => value switch
    {
        null => null,
        bool b => b,
        double d => d,
        string s => s,
        _ => throw new InvalidOperationException($"A metric produced an unsupported value {value.GetType().Name}."),
    };

    private static JsonObject Parse(ReadOnlyMemory<byte> line, long number)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line.Span, documentOptions: new JsonDocumentOptions { MaxDepth = Core.Ingest.RowParser.MaxDepth });
        }
        catch (JsonException e)
        {
            throw EvalstoreException.BadRequest($"line {number}: malformed JSON: {e.Message.Split(" LineNumber:", 2)[0]}").With(
                "line", number);
        }
        if (node is not JsonObject row || row["item"] is null || row["sample"] is not JsonObject)
        {
            throw EvalstoreException.BadRequest($"line {number}: each line needs 'item' and 'sample' (the output to score)").With(
                "line", number);
        }
        return row;
    }
}
