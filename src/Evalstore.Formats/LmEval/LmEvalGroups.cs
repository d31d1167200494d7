using System.Runtime.CompilerServices;
using System.Text.Json;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Formats.Importing;
using Evalstore.Formats.Json;

namespace Evalstore.Formats.LmEval;

/// <summary>
/// A group whose every leaf task has a samples file (mmlu over its 57 subjects, say) becomes a benchmark result
/// <c>&lt;model&gt;_&lt;group&gt;_&lt;timestamp&gt;</c> holding all the leaves' rows: each row is scored under its task and
/// under every group above it, so there is one entry per task metric and one per group metric. A group's mean over its
/// rows is lm-eval's size-weighted group number, which is checked; its stderr is not, as lm-eval pools the subtasks'.
/// </summary>
internal static class LmEvalGroups
{
    public static PlannedResult? Plan(
        LmEvalRun run, string group, IReadOnlyDictionary<string, (string Path, LmEvalSamplesScan Scan)> samples)
    {
        var leaves = Leaves(run, group, [group]);
        if (leaves.Count == 0 || leaves.Any(l => !samples.ContainsKey(l.Leaf)))
        {
            return null;
        }
        var declarations = new List<MetricDeclaration>();
        foreach (var (leaf, chain) in leaves)
        {
            var scan = samples[leaf].Scan;
            foreach (var key in ScoredUnder(leaf, chain))
            {
                foreach (var metric in scan.Metrics.Where(m => !declarations.Any(d => d.Metric == key && d.Score == m)))
                {
                    declarations.Add(new MetricDeclaration
                    {
                        Metric = key,
                        Score = metric,
                        Type = scan.Shapes.GetValueOrDefault(metric) switch
                        {
                            ValueShape.Binary => ScoreType.Binary,
                            ValueShape.Text or ValueShape.Struct => ScoreType.Text,
                            _ => ScoreType.Range,
                        },
                        HigherIsBetter = run.HigherIsBetter(leaf, metric),
                    });
                }
            }
        }
        var spec = new RunSpec
        {
            Name = $"{run.SanitizedModel}_{group}_{run.Timestamp}",
            Kind = ResultKind.Benchmark,
            Benchmark = group,
            Model = run.Model,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["harness"] = "lm-eval",
                ["group"] = group,
                ["tasks"] = leaves.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Config = LmEvalReported.TaskConfig(run, group),
            Metrics = declarations,
            StartedAt = run.StartedAt,
        };
        var notes = new List<string> { $"group of {leaves.Count} task(s); the group mean is checked as lm-eval's size-weighted mean." };
        return new PlannedResult(
            spec, (progress, ct) => RowsAsync(leaves, samples, declarations, progress, ct), Expectations(run, leaves), notes)
        {
            ProgressTotal = leaves.Sum(l => new FileInfo(samples[l.Leaf].Path).Length),
        };
    }

    // Leaf tasks under a group, each with the groups from the top one down to its parent.
    private static List<(string Leaf, List<string> Chain)> Leaves(LmEvalRun run, string group, List<string> chain)
    {
        var leaves = new List<(string, List<string>)>();
        foreach (var task in Subtasks(run, group))
        {
            if (Subtasks(run, task).Count > 0 && !chain.Contains(task))
            {
                leaves.AddRange(Leaves(run, task, [.. chain, task]));
            }
            else
            {
                leaves.Add((task, chain));
            }
        }
        return leaves;
    }

    // A row's metric keys: its task, then the groups above it from the nearest up.
    private static List<string> ScoredUnder(string leaf, List<string> chain) => [leaf, .. Enumerable.Reverse(chain)];

    private static List<string> Subtasks(LmEvalRun run, string task) =>
        run.Section("group_subtasks", task) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
            : [];

    private static async IAsyncEnumerable<IngestRow> RowsAsync(List<(string Leaf, List<string> Chain)> leaves,
        IReadOnlyDictionary<string, (string Path, LmEvalSamplesScan Scan)> samples, IReadOnlyList<MetricDeclaration> declarations,
        IProgress<long>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var rows = new IngestLineWriter(new RowParser(declarations));
        long before = 0;
        foreach (var (leaf, chain) in leaves)
        {
            var (path, scan) = samples[leaf];
            var filter = scan.Filters.Contains("none") ? "none" : scan.Filters[0];
            var mapper = new LmEvalRowMapper(scan.Metrics, scan.Shapes, ScoredUnder(leaf, chain));
            var offset = before;
            var leafProgress = progress is null ? null : new SyncProgress<long>(read => progress.Report(offset + read));
            await foreach (var (document, number) in LmEvalSamples.ReadAsync(path, leafProgress, cancellationToken))
            {
                using (document)
                {
                    if ((LmEvalRun.String(document.RootElement, "filter") ?? "none") == filter)
                    {
                        yield return mapper.Map(document.RootElement, rows, number);
                    }
                }
            }
            before += new FileInfo(path).Length;
        }
    }

    private static List<HarnessExpectation> Expectations(LmEvalRun run, List<(string Leaf, List<string> Chain)> leaves)
    {
        var expectations = new List<HarnessExpectation>();
        var keys = leaves.SelectMany(l => l.Chain).Distinct().Concat(leaves.Select(l => l.Leaf));
        foreach (var key in keys)
        {
            var isGroup = leaves.Any(l => l.Chain.Contains(key));
            foreach (var reported in run.MetricsOf(key).Where(r => r.Filter == "none"))
            {
                var source = $"results.{key}[\"{reported.Key}\"]";
                expectations.Add(new(key, reported.Metric, "mean", source, LmEvalMetric.Number(reported.Value)));
                if (!isGroup && LmEvalMetric.Number(reported.StdErr) is { } stderr)
                {
                    expectations.Add(new(key, reported.Metric, "std_err", $"results.{key}[\"{reported.Metric}_stderr,none\"]", stderr));
                }
            }
        }
        return expectations;
    }
}
