using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.LmEval;

/// <summary>
/// lm-evaluation-harness: a results file becomes one metric result per task that has a samples file (one per filter
/// when the samples hold several), named <c>&lt;model&gt;_&lt;task&gt;_&lt;timestamp&gt;</c>, with the harness's
/// <c>metric,filter</c> numbers checked against ours; tasks and groups without samples become one benchmark result of
/// reported numbers, one row per task (see <see cref="LmEvalReported"/>); groups whose leaf tasks all have samples become
/// benchmark results of their own (see <see cref="LmEvalGroups"/>).
/// </summary>
internal sealed class LmEvalImporter : IHarnessImporter
{
    public async Task<IReadOnlyList<PlannedResult>> PlanAsync(
        ImportSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        var run = LmEvalRun.Read(source.Path, source.Name);
        var planned = new List<PlannedResult>();
        var reportedOnly = new List<string>();
        var timestamp = LmEvalRun.TimestampPattern().Match(source.Name) is { Success: true } m ? m.Value : null;
        var withSamples = new Dictionary<string, (string Path, LmEvalSamplesScan Scan)>(StringComparer.Ordinal);
        foreach (var task in run.Tasks)
        {
            var samples = LmEvalSamples.Find(source.Path, source.Companions, task, timestamp);
            if (samples is null)
            {
                reportedOnly.Add(task);
                continue;
            }
            var scan = await LmEvalSamples.ScanAsync(samples, cancellationToken);
            withSamples[task] = (samples, scan);
            foreach (var filter in scan.Filters)
            {
                planned.Add(TaskResult(run, task, filter, scan.Filters.Count > 1, samples, scan));
            }
        }
        foreach (var group in reportedOnly.Where(run.IsGroup).ToList())
        {
            if (LmEvalGroups.Plan(run, group, withSamples) is { } groupResult)
            {
                planned.Add(groupResult);
                reportedOnly.Remove(group);
            }
        }
        if (reportedOnly.Count > 0)
        {
            planned.Add(LmEvalReported.Plan(run, reportedOnly, planned.Count > 0));
        }
        return planned;
    }

    private static PlannedResult TaskResult(
        LmEvalRun run, string task, string filter, bool severalFilters, string samplesPath, LmEvalSamplesScan scan)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["harness"] = "lm-eval",
            ["task"] = task,
            ["filter"] = filter,
            ["samples_file"] = Path.GetFileName(samplesPath),
        };
        AddLabel(labels, "task_version", run.Scalar("versions", task));
        AddLabel(labels, "n_shot", run.Scalar("n-shot", task));
        AddLabel(labels, "lm_eval_version", LmEvalRun.String(run.Root, "lm_eval_version"));
        AddLabel(labels, "git_hash", LmEvalRun.String(run.Root, "git_hash"));
        var notes = new List<string>();
        var declarations = scan.Metrics.Select(metric => new MetricDeclaration
        {
            Metric = metric,
            Type = scan.Shapes.GetValueOrDefault(metric) switch
            {
                ValueShape.Binary => ScoreType.Binary,
                ValueShape.Text or ValueShape.Struct => ScoreType.Text,
                _ => ScoreType.Range,
            },
            HigherIsBetter = run.HigherIsBetter(task, metric),
            Description = scan.Shapes.GetValueOrDefault(metric) == ValueShape.Struct
                ? "Corpus-level metric: each row's structured value (e.g. [gold, pred]) kept as its JSON text." : null,
        }).ToList();
        foreach (var metric in scan.Metrics.Where(m => scan.Shapes.GetValueOrDefault(m) == ValueShape.Struct))
        {
            notes.Add($"{metric}: per-row values are structured (e.g. [gold, pred]); stored as text labels, a corpus-level metric.");
        }
        if (run.Section("configs", task) is { ValueKind: JsonValueKind.Object } config && config.TryGetProperty("repeats", out var repeats)
            && repeats.TryGetInt32(out var count) && count > 1)
        {
            notes.Add(
                $"repeats={count}: lm-eval scores a document once over all its repeats, so each row holds every repeat's response in its " +
                $"requests (trial 0).");
        }
        var corpus = CorpusScores(run, task, filter, scan);
        notes.AddRange(corpus.Select(c => $"{c.Metric}:{c.Name} = {c.Value:G6}: {c.Description}"));
        var spec = new RunSpec
        {
            Name = $"{run.SanitizedModel}_{task}{(severalFilters || filter != "none" ? "_" + filter : "")}_{run.Timestamp}",
            CorpusScores = corpus,
            Kind = ResultKind.Metric,
            Metric = task,
            Model = run.Model,
            Dataset = run.Dataset(task),
            Labels = labels,
            Config = LmEvalReported.TaskConfig(run, task),
            Metrics = declarations,
            StartedAt = run.StartedAt,
        };
        var mapper = new LmEvalRowMapper(scan.Metrics, scan.Shapes);
        return new PlannedResult(spec, (progress, ct) => ReadRowsAsync(samplesPath, filter, mapper, declarations, progress, ct),
            Expectations(run, task, filter, scan), notes)
        {
            ProgressTotal = new FileInfo(samplesPath).Length,
        };
    }

    private static async IAsyncEnumerable<IngestRow> ReadRowsAsync(string path, string filter, LmEvalRowMapper mapper,
        IReadOnlyList<MetricDeclaration> declarations, IProgress<long>? progress,
            [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var rows = new IngestLineWriter(new RowParser(declarations));
        await foreach (var (document, number) in LmEvalSamples.ReadAsync(path, progress, cancellationToken))
        {
            using (document)
            {
                if ((LmEvalRun.String(document.RootElement, "filter") ?? "none") != filter)
                {
                    continue;
                }
                yield return mapper.Map(document.RootElement, rows, number);
            }
        }
    }

    private static List<HarnessExpectation> Expectations(LmEvalRun run, string task, string filter, LmEvalSamplesScan scan)
    {
        var expectations = new List<HarnessExpectation>();
        foreach (var reported in run.MetricsOf(task).Where(r => r.Filter == filter))
        {
            var (metric, source) = (reported.Metric, $"results.{task}[\"{reported.Key}\"]");
            var value = LmEvalMetric.Number(reported.Value);
            if (!scan.Metrics.Contains(metric))
            {
                expectations.Add(new(metric, metric, "mean", source, value, "not a per-row metric of the samples file"));
                continue;
            }
            var aggregation = run.Aggregation(task, metric) ?? DefaultAggregation(metric);
            if (scan.Shapes.GetValueOrDefault(metric) is ValueShape.Struct or ValueShape.Text)
            {
                expectations.Add(aggregation == "f1"
                    ? new(metric, metric, "f1", source, value)
                    : new(metric, metric, "mean", source, value,
                        $"corpus-level metric (aggregation '{aggregation}' over structured per-row values)"));
                continue;
            }
            if (aggregation != "mean")
            {
                expectations.Add(
                    new(metric, metric, "mean", source, value, $"aggregated by '{aggregation}', not a mean of the per-row values"));
                continue;
            }
            expectations.Add(new(metric, metric, "mean", source, value));
            var stderrSource = $"results.{task}[\"{metric}_stderr,{filter}\"]";
            expectations.Add(reported.StdErr is null
                ? new(metric, metric, "std_err", stderrSource, null, "the harness reported no stderr")
                : new(metric, metric, "std_err", stderrSource, LmEvalMetric.Number(reported.StdErr),
                    LmEvalMetric.Number(reported.StdErr) is null ? $"the harness reported {reported.StdErr.Value.GetRawText()}" : null));
        }
        return expectations;
    }

    /// <summary>Score name of a task's corpus-level number beside its per-row values, e.g. <c>f1:corpus</c>.</summary>
    public const string CorpusScoreName = "corpus";

    // Metrics lm-eval aggregates over the corpus rather than by a mean get their corpus number as a corpus score: binary
    // F1 recomputed from the [gold, pred] pairs when that is what they hold, else the harness's reported number.
    private static List<CorpusScore> CorpusScores(LmEvalRun run, string task, string filter, LmEvalSamplesScan scan)
    {
        var scores = new List<CorpusScore>();
        foreach (var reported in run.MetricsOf(task).Where(r => r.Filter == filter && scan.Metrics.Contains(r.Metric)))
        {
            var aggregation = run.Aggregation(task, reported.Metric) ?? DefaultAggregation(reported.Metric);
            if (aggregation == "mean" && scan.Shapes.GetValueOrDefault(reported.Metric) is not (ValueShape.Struct or ValueShape.Text))
            {
                continue;
            }
            if (aggregation == "f1" && scan.Pairs.TryGetValue(reported.Metric, out var pairs) && pairs.F1 is { } f1)
            {
                scores.Add(new CorpusScore(
                    reported.Metric, CorpusScoreName, f1, "binary F1 over the rows' [gold, pred] pairs, as lm-eval's f1 aggregation"));
            }
            else if (LmEvalMetric.Number(reported.Value) is { } value)
            {
                scores.Add(new CorpusScore(
                    reported.Metric, CorpusScoreName, value, $"as reported by lm-eval ({aggregation} over the corpus; not recomputed)"));
            }
        }
        return scores;
    }

    // lm-eval's registry defaults, for configs that name a metric without an aggregation.
    private static string DefaultAggregation(string metric) => metric switch
    {
        "f1" => "f1",
        "mcc" => "matthews_corrcoef",
        "bleu" or "chrf" or "ter" => metric,
        "perplexity" => "perplexity",
        "word_perplexity" or "byte_perplexity" => "weighted_perplexity",
        "bits_per_byte" => "bits_per_byte",
        "brier_score" => "brier_score",
        _ => "mean",
    };

    private static void AddLabel(Dictionary<string, string> labels, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            labels[key] = value;
        }
    }
}
