using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// A result as Weave's <c>EvaluationRunReadRes</c>. The summary is the one a Weave finish call gave; otherwise it is
/// derived from the stored aggregates in the shape of Weave's own evaluation summary: per scorer, binary scores as
/// <c>{"true_count", "true_fraction"}</c>, numeric and rubric scores as <c>{"mean"}</c>, several scores of one metric
/// nested under the metric, the built-in latency score as <c>model_latency: {"mean": seconds}</c>; text scores are left
/// out, and a run without aggregates has <c>{}</c>.
/// </summary>
internal sealed class RunReads(PendingPredictions pending)
{
    public const string SourceRunLabel = "weave.source_evaluation_run_id";

    public async Task<EvaluationRunRead> ReadAsync(string entity, ResultInfo run, CancellationToken cancellationToken)
    {
        var (_, summary) = await pending.ReadFinishAsync(entity, run.Id, cancellationToken);
        return new EvaluationRunRead(run.Id.ToString(), run.Evaluation ?? "", run.Model ?? "", StatusOf(run.Status),
            Time(run.StartedAt ?? run.CreatedAt), Time(run.FinishedAt), summary ?? Derived(run));
    }

    public static string StatusOf(ResultStatus status) => status switch
    {
        ResultStatus.Running => "running",
        ResultStatus.Completed => "completed",
        _ => "failed",
    };

    /// <summary>UTC ISO 8601 with microseconds, as pydantic writes datetimes.</summary>
    public static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static JsonElement Derived(ResultInfo run)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WeaveJson.Writer))
        {
            writer.WriteStartObject();
            foreach (var metric in run.Scores.Where(s => s.ScoreType != ScoreType.Text).GroupBy(s => s.Metric, StringComparer.Ordinal))
            {
                var scores = metric.ToList();
                if (metric.Key == BuiltInScores.LatencyMs && scores is [{ Mean: var milliseconds }])
                {
                    // Evalstore's built-in latency score is Weave's model_latency, in seconds.
                    writer.WriteStartObject("model_latency");
                    writer.WriteFloat("mean", milliseconds / 1000);
                    writer.WriteEndObject();
                    continue;
                }
                writer.WritePropertyName(metric.Key);
                if (scores is [var only] && only.Name == metric.Key)
                {
                    WriteLeaf(writer, only);
                    continue;
                }
                writer.WriteStartObject();
                foreach (var score in scores)
                {
                    writer.WritePropertyName(score.Name);
                    WriteLeaf(writer, score);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteLeaf(Utf8JsonWriter writer, ScoreAggregate score)
    {
        writer.WriteStartObject();
        if (score.ScoreType == ScoreType.Binary)
        {
            writer.WriteNumber("true_count", score.PassCount ?? 0);
            writer.WriteFloat("true_fraction", score.PassRate);
        }
        else
        {
            writer.WriteFloat("mean", score.Mean);
        }
        writer.WriteEndObject();
    }
}
