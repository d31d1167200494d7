using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Predictions and scores written through the Weave API, kept as side documents of their run until the run finishes
/// and they become rows (and kept after, so their ids still resolve). Layout, in key order:
/// <c>pred/{key}</c> = <c>{"model","inputs","output"}</c>, followed by its scores <c>pred/{key}/score/{scoreKey}</c> =
/// <c>{"scorer","value"}</c>; <c>finish</c> = <c>{"summary"}</c> once finishing began, which freezes everything else.
/// </summary>
internal sealed class PendingPredictions(IServerStore store)
{
    public const string FinishKey = "finish";
    private const string Prefix = "pred/";
    private const string ScoreInfix = "/score/";

    public Task<bool> AddPredictionAsync(string workspace, Guid run, string key, string model, JsonElement inputs, JsonElement output,
        CancellationToken cancellationToken) =>
        store.PutDocumentsAsync(workspace, run, [Document(Prefix + key, w =>
        {
            w.WriteString("model", model);
            w.WritePropertyName("inputs");
            inputs.WriteTo(w);
            w.WritePropertyName("output");
            output.WriteTo(w);
        })], FinishKey, cancellationToken);

    public Task<bool> AddScoreAsync(string workspace, Guid run, string predictionKey, string scoreKey, string scorer, JsonElement value,
        CancellationToken cancellationToken) =>
        store.PutDocumentsAsync(workspace, run, [Document(Prefix + predictionKey + ScoreInfix + scoreKey, w =>
        {
            w.WriteString("scorer", scorer);
            w.WritePropertyName("value");
            value.WriteTo(w);
        })], FinishKey, cancellationToken);

    /// <summary>Records that finishing began (with the summary to report); false when it had begun already.</summary>
    public Task<bool> BeginFinishAsync(string workspace, Guid run, JsonElement? summary, CancellationToken cancellationToken) =>
        store.PutDocumentsAsync(workspace, run, [Document(FinishKey, w =>
        {
            w.WritePropertyName("summary");
            if (summary is { } s)
            {
                s.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }
        })], FinishKey, cancellationToken);

    /// <summary>The summary given when finishing began: absent (no finish through Weave), or a JSON value (maybe null).</summary>
    public async Task<(bool Finished, JsonElement? Summary)> ReadFinishAsync(
        string workspace, Guid run, CancellationToken cancellationToken)
    {
        var document = await store.GetDocumentAsync(workspace, run, FinishKey, cancellationToken);
        if (document is null)
        {
            return (false, null);
        }
        using var json = JsonDocument.Parse(document.Json);
        var summary = json.RootElement.GetProperty("summary");
        return (true, summary.ValueKind == JsonValueKind.Null ? null : summary.Clone());
    }

    /// <summary>One prediction with its scores, or null.</summary>
    public async Task<PendingPrediction?> GetAsync(string workspace, Guid run, string key, CancellationToken cancellationToken)
    {
        await foreach (var prediction in ReadAsync(workspace, run, Prefix + key, cancellationToken))
        {
            return prediction.Detach();
        }
        return null;
    }

    /// <summary>Every prediction of the run with its scores, in creation order; each is disposed when the next is read.</summary>
    public IAsyncEnumerable<PendingPrediction> ListAsync(string workspace, Guid run, CancellationToken cancellationToken) =>
        ReadAsync(workspace, run, Prefix, cancellationToken);

    /// <summary>Deletes a prediction and its scores; null once finishing began.</summary>
    public Task<long?> DeletePredictionAsync(string workspace, Guid run, string key, CancellationToken cancellationToken) =>
        store.DeleteDocumentsAsync(workspace, run, Prefix + key, FinishKey, cancellationToken);

    /// <summary>Deletes one score; null once finishing began.</summary>
    public Task<long?> DeleteScoreAsync(
        string workspace, Guid run, string predictionKey, string scoreKey, CancellationToken cancellationToken) =>
        store.DeleteDocumentsAsync(workspace, run, Prefix + predictionKey + ScoreInfix + scoreKey, FinishKey, cancellationToken);

    private async IAsyncEnumerable<PendingPrediction> ReadAsync(string workspace, Guid run, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PendingPrediction? current = null;
        try
        {
            await foreach (var document in store.ListDocumentsAsync(workspace, run, prefix, cancellationToken))
            {
                var key = document.Key[Prefix.Length..];
                var infix = key.IndexOf(ScoreInfix, StringComparison.Ordinal);
                if (infix < 0)
                {
                    if (current is not null)
                    {
                        yield return current;
                        current.Dispose();
                    }
                    current = new PendingPrediction(key, JsonDocument.Parse(document.Json));
                }
                else if (current is not null && key.AsSpan(0, infix).SequenceEqual(current.Key))
                {
                    current.AddScore(key[(infix + ScoreInfix.Length)..], JsonDocument.Parse(document.Json));
                }
                // A score whose prediction was deleted meanwhile is an orphan: skipped.
            }
            if (current is not null)
            {
                yield return current;
            }
        }
        finally
        {
            current?.Dispose();
        }
    }

    private static ResultDocument Document(string key, Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WeaveJson.Writer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return new ResultDocument(key, buffer.WrittenMemory);
    }
}
