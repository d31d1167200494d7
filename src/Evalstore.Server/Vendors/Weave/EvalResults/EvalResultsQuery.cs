using System.Buffers;
using System.Text.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// <c>eval_results/query</c> in two streaming passes over the requested runs' trials. Pass one (when rows are listed,
/// or the summary is filtered or intersected) keeps a small state per row digest to filter, intersect, count and sort;
/// pass two collects the trials of the page's digests and the summary over every matching row. Memory grows with the
/// number of distinct digests and the page, never with whole rows.
/// </summary>
internal sealed class EvalResultsQuery(TrialSource trials, WeaveRuns runs)
{
    private const string RowRefMarker = "/attr/rows/id/";

    public async Task<EvalResultsAnswer> RunAsync(string entity, string project, EvalResultsBody body, CancellationToken cancellationToken)
    {
        body.Validate();
        var requested = new List<ResultInfo>();
        foreach (var id in body.RunIds())
        {
            requested.Add(await runs.RequireAsync(entity, project, id, cancellationToken));
        }
        var summaryIntersection = body.SummaryRequireIntersection ?? body.RequireIntersection;
        var selection = new RowSelection(body, requested);
        var firstPass = selection.IsNeeded(body, summaryIntersection);
        if (firstPass)
        {
            await ForEachTrialAsync(entity, requested, selection.Add, cancellationToken);
        }
        var ordered = body.IncludeRows ? selection.Select(body.RequireIntersection) : [];
        var page = ordered.Skip((int)Math.Min(body.Offset, int.MaxValue)).Take((int)Math.Min(body.Limit ?? int.MaxValue, int.MaxValue))
            .ToDictionary(d => d, _ => new PageRow(), StringComparer.Ordinal);
        var summary = body.IncludeSummary ? new SummaryBuilder(requested) : null;
        var summarized = new HashSet<string>(StringComparer.Ordinal);
        if (summary is not null)
        {
            // The summary covers every matching row, so one scan collects it and the page's trials together.
            await ForEachTrialAsync(entity, requested, (trial, run) =>
            {
                if (page.TryGetValue(trial.Digest, out var row))
                {
                    row.Add(trial, run, body);
                }
                if (!firstPass || selection.Passes(trial.Digest, summaryIntersection))
                {
                    summary.Add(trial, run);
                    summarized.Add(trial.Digest);
                }
            }, cancellationToken);
        }
        else if (page.Count > 0)
        {
            await ReadPageAsync(entity, requested, selection, page, body, cancellationToken);
        }
        var warnings = new List<string>();
        if (body.IncludeRawDataRows && body.ResolveRowRefs && page.Values.Any(r => r.IsRowRef))
        {
            warnings.Add(
                "Dataset row refs cannot be resolved (Evalstore stores rows inline, not Weave datasets); raw_data_row may contain refs");
        }
        return new EvalResultsAnswer(requested, [.. page.Select(p => (p.Key, p.Value))], body.IncludeRows ? ordered.Count : 0,
            summary, summarized.Count, warnings, body.IncludeRawDataRows);
    }

    /// <summary>
    /// Reads the page's trials run by run: by row index where pass one found each digest in one row, by scanning a run
    /// otherwise (a digest spread over rows, or a running run with pending predictions).
    /// </summary>
    private async Task ReadPageAsync(string entity, List<ResultInfo> requested, RowSelection selection, Dictionary<string, PageRow> page,
        EvalResultsBody body, CancellationToken cancellationToken)
    {
        for (var run = 0; run < requested.Count; run++)
        {
            var rows = page.Keys.Select(d => (Digest: d, Row: selection.RowOf(d, run))).ToList();
            if (requested[run].Status == ResultStatus.Running || rows.Any(r => r.Row is null))
            {
                await foreach (var trial in trials.ReadAsync(entity, requested[run], cancellationToken))
                {
                    if (page.TryGetValue(trial.Digest, out var row))
                    {
                        row.Add(trial, run, body);
                    }
                }
                continue;
            }
            foreach (var (digest, index) in rows.Where(r => r.Row >= 0).OrderBy(r => r.Row))
            {
                await foreach (var trial in trials.ReadRowAsync(entity, requested[run], index!.Value, cancellationToken))
                {
                    page[digest].Add(trial, run, body);
                }
            }
        }
    }

    private async Task ForEachTrialAsync(
        string entity, List<ResultInfo> requested, Action<WeaveTrial, int> visit, CancellationToken cancellationToken)
    {
        for (var run = 0; run < requested.Count; run++)
        {
            await foreach (var trial in trials.ReadAsync(entity, requested[run], cancellationToken))
            {
                visit(trial, run);
            }
        }
    }

    /// <summary>One listed row: its item (once) and each trial's JSON, in run order.</summary>
    internal sealed class PageRow
    {
        public byte[]? RawDataRow { get; private set; }
        public bool IsRowRef { get; private set; }
        public List<(int Run, byte[] Json)> Trials { get; } = [];

        public void Add(WeaveTrial trial, int run, EvalResultsBody body)
        {
            if (body.IncludeRawDataRows && RawDataRow is null)
            {
                RawDataRow = JsonSerializer.SerializeToUtf8Bytes(trial.Item);
                IsRowRef = trial.Item.ValueKind == JsonValueKind.String
                    && trial.Item.GetString()!.Contains(RowRefMarker, StringComparison.Ordinal);
            }
            Trials.Add((run, TrialJson(trial, body.IncludePredictAndScoreChildren)));
        }

        private static byte[] TrialJson(WeaveTrial trial, bool withChildren)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer, WeaveJson.Writer))
            {
                writer.WriteStartObject();
                writer.WriteString("predict_and_score_call_id", trial.Ref.PredictAndScoreId);
                writer.WriteString("predict_call_id", withChildren ? trial.Ref.PredictionId : null);
                writer.WritePropertyName("model_output");
                trial.ModelOutput.WriteTo(writer);
                writer.WritePropertyName("scores");
                trial.Scores.WriteTo(writer);
                writer.WriteFloat("model_latency_seconds", trial.LatencySeconds);
                if (trial.TotalTokens is { } tokens)
                {
                    writer.WriteNumber("total_tokens", tokens);
                }
                else
                {
                    writer.WriteNull("total_tokens");
                }
                writer.WriteNull("total_cost");
                writer.WriteStartObject("scorer_call_ids");
                foreach (var (key, _, scoreId) in withChildren ? trial.Scorers : [])
                {
                    writer.WriteString(key, scoreId);
                }
                writer.WriteEndObject();
                writer.WriteNull("genai_span_ref");
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }
}
