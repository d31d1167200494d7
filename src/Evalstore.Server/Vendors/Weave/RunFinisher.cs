using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Digest;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Finishes a run written through the Weave API: its pending predictions become ordinary rows in one batch, then the
/// result completes, so it is a normal result on every surface. The <c>finish</c> document is written first and
/// blocks any further prediction or score, so the batch is exactly what was acknowledged; the batch carries an
/// idempotency key, so a finish retried after a crash resumes instead of duplicating rows.
/// </summary>
internal sealed class RunFinisher(IServerStore store, PendingPredictions pending)
{
    private const string BatchKey = "weave-finish";

    public async Task FinishAsync(string entity, ResultInfo run, JsonElement? summary, CancellationToken cancellationToken)
    {
        if (run.Status != ResultStatus.Running)
        {
            // A repeated finish of a run finished through Weave succeeds, as Weave's does.
            if (run.Status == ResultStatus.Completed && (await pending.ReadFinishAsync(entity, run.Id, cancellationToken)).Finished)
            {
                return;
            }
            throw WeaveErrors.RunImmutable(run.Id.ToString(), RunReads.StatusOf(run.Status));
        }
        // False means an earlier finish began and stopped: resume it, keeping its summary.
        await pending.BeginFinishAsync(entity, run.Id, summary, cancellationToken);
        try
        {
            await store.AppendRowsAsync(entity, run.Id, MaterializeAsync(entity, run, cancellationToken), BatchKey, cancellationToken);
        }
        catch (EvalstoreException e) when (e.Status == 400)
        {
            // Reopen the run so the offending prediction can be deleted and the finish retried.
            await store.DeleteDocumentsAsync(entity, run.Id, PendingPredictions.FinishKey, cancellationToken: cancellationToken);
            throw WeaveErrors.Validation($"The run's predictions cannot be stored as rows: {e.Detail}", "body");
        }
        try
        {
            await store.CompleteResultAsync(entity, run.Id, cancellationToken);
        }
        catch (EvalstoreException e) when (e.Status == 409)
        {
            // A concurrent finish of the same run completed it first.
        }
    }

    private async IAsyncEnumerable<IngestRow> MaterializeAsync(
        string entity, ResultInfo run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = run.RowCount > 0 ? await NextRowIndexAsync(entity, run, cancellationToken) : 0;
        // The same example predicted again is another trial of the same item, as Weave groups them by row digest.
        var placed = new Dictionary<string, (long Row, int Trials)>(StringComparer.Ordinal);
        var parser = new RowParser(run.Metrics);
        var line = 0L;
        await foreach (var prediction in pending.ListAsync(entity, run.Id, cancellationToken))
        {
            var digest = RowDigest.Compute(prediction.Inputs);
            var (row, trial) = placed.TryGetValue(digest, out var at) ? at : (next++, 0);
            placed[digest] = (row, trial + 1);
            yield return parser.Parse(RowLine(prediction, row, trial), ++line);
        }
    }

    private async Task<long> NextRowIndexAsync(string entity, ResultInfo run, CancellationToken cancellationToken)
    {
        var max = -1L;
        await foreach (var row in store.ReadRowsAsync(entity, run.Id, new RowQuery(), cancellationToken))
        {
            max = Math.Max(max, row.RowIndex);
        }
        return max + 1;
    }

    /// <summary>
    /// The ingest line of a prediction: item = its inputs (Weave's example), sample = <c>{"output": output}</c>,
    /// metrics from its scores, and a <c>weave</c> extension that keeps its ids, model and the scores as written.
    /// </summary>
    private static ReadOnlyMemory<byte> RowLine(PendingPrediction prediction, long row, int trial)
    {
        var scores = prediction.LatestScores();
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WeaveJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("row_index", row);
            writer.WriteNumber("trial", trial);
            writer.WritePropertyName("item");
            prediction.Inputs.WriteTo(writer);
            writer.WriteStartObject("sample");
            writer.WritePropertyName("output");
            prediction.Output.WriteTo(writer);
            writer.WriteEndObject();
            writer.WritePropertyName("metrics");
            WeaveScores.WriteMetrics(scores.Select(s => (s.ScorerKey, s.Value)), writer);
            writer.WriteStartObject("weave");
            writer.WriteString("prediction", prediction.Key);
            writer.WriteString("model", prediction.Model);
            writer.WriteStartObject("scores");
            foreach (var score in scores)
            {
                writer.WritePropertyName(score.ScorerKey);
                score.Value.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteStartObject("scorers");
            foreach (var score in scores)
            {
                writer.WriteStartObject(score.ScorerKey);
                writer.WriteString("score_id", score.Key);
                writer.WriteString("scorer", score.Scorer);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
