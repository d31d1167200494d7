using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Server.Api;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Compares results item by item for every store: reads each score's values with their row digests, joins them
/// (<see cref="ItemJoin"/>), runs the paired tests (<see cref="PairedComparison"/>) and adjusts the p-values of every
/// score and candidate together (Holm), so comparing many scores does not manufacture significance.
/// </summary>
internal static class Comparisons
{
    public static async Task<ComparisonReport> CompareAsync(IServerStore store, string workspace, CompareRequest request, CancellationToken cancellationToken)
    {
        if (request.Candidates.Count == 0)
        {
            throw EvalstoreException.BadRequest("Name at least one candidate result to compare with the baseline.");
        }
        if (request.Alpha is <= 0 or >= 1 || request.BootstrapIterations is < 0 or > 100_000 || request.FlippedLimit is < 0 or > 1000 || request.FlippedOffset < 0)
        {
            throw EvalstoreException.BadRequest("alpha must be in (0, 1), bootstrap in 0–100000, flipped_limit in 0–1000, flipped_offset ≥ 0.");
        }
        var (metric, score) = SplitKey(request.Metric);
        var baseline = await store.RequireResultAsync(workspace, request.Baseline, cancellationToken);
        var baselineScores = await CollectAsync(store.ReadScoreItemsAsync(workspace, baseline.Id, metric, score, cancellationToken));
        if (request.Metric is not null && baselineScores.Count == 0)
        {
            throw EvalstoreException.BadRequest($"Baseline '{baseline.Name}' has no score '{request.Metric}'.");
        }
        var candidates = new List<CandidateComparison>();
        foreach (var reference in request.Candidates)
        {
            var candidate = await store.RequireResultAsync(workspace, reference, cancellationToken);
            var candidateScores = await CollectAsync(store.ReadScoreItemsAsync(workspace, candidate.Id, metric, score, cancellationToken));
            candidates.Add(await CompareOneAsync(store, workspace, request, baseline, baselineScores, candidate, candidateScores, cancellationToken));
        }
        return Adjust(new ComparisonReport { Baseline = ResultRef.Of(baseline), Candidates = candidates, Alpha = request.Alpha });
    }

    private static async Task<CandidateComparison> CompareOneAsync(IServerStore store, string workspace, CompareRequest request,
        ResultInfo baseline, IReadOnlyList<ScoreItems> baselineScores, ResultInfo candidate, IReadOnlyList<ScoreItems> candidateScores,
        CancellationToken cancellationToken)
    {
        var entries = new List<ScoreComparisonEntry>();
        JoinedItems? firstJoin = null;
        (ScoreItems Score, JoinedItems Join)? flipSource = null;
        foreach (var a in baselineScores)
        {
            var b = candidateScores.FirstOrDefault(s => s.Metric == a.Metric && s.Name == a.Name);
            if (b is null)
            {
                continue;
            }
            var aggregate = baseline.Scores.FirstOrDefault(s => s.Metric == a.Metric && s.Name == a.Name);
            var type = aggregate?.ScoreType ?? ScoreType.Range;
            if (type == ScoreType.Text)
            {
                continue; // free text has no order to compare
            }
            var join = ItemJoin.Join(a.Values, b.Values);
            firstJoin ??= join;
            var comparison = PairedComparison.Compare(join.A, join.B, type, request.Alpha, request.BootstrapIterations, request.Seed,
                aggregate?.HigherIsBetter ?? true);
            entries.Add(new ScoreComparisonEntry { Metric = a.Metric, Name = a.Name, Comparison = comparison, Differences = DifferenceHistogram(join) });
            if (flipSource is null && IsPassFail(aggregate))
            {
                flipSource = (a, join);
            }
        }
        return new CandidateComparison
        {
            Candidate = ResultRef.Of(candidate),
            MatchedItems = firstJoin?.Matched + firstJoin?.MatchedWithoutValues ?? 0,
            OnlyInBaseline = firstJoin?.OnlyInA ?? 0,
            OnlyInCandidate = firstJoin?.OnlyInB ?? 0,
            DriftCount = firstJoin?.DriftCount ?? 0,
            DriftExamples = firstJoin?.DriftExamples ?? [],
            Scores = entries,
            Flipped = flipSource is { } flip
                ? await FlippedAsync(store, workspace, baseline, candidate, flip.Score, flip.Join, request, cancellationToken)
                : null,
        };
    }

    /// <summary>Binary scores, and numeric scores confined to [0, 1], read as pass (≥ 0.5) or fail per item.</summary>
    private static bool IsPassFail(ScoreAggregate? aggregate) =>
        aggregate is not null && (aggregate.ScoreType == ScoreType.Binary
            || (aggregate.ScoreType == ScoreType.Range && aggregate.Min >= 0 && aggregate.Max <= 1));

    private static async Task<FlippedRows> FlippedAsync(IServerStore store, string workspace, ResultInfo baseline, ResultInfo candidate,
        ScoreItems score, JoinedItems join, CompareRequest request, CancellationToken cancellationToken)
    {
        var regressed = join.PassedToFailed().ToList();
        var improved = join.FailedToPassed().ToList();
        var page = regressed.Select(p => (Pair: p, Direction: "regressed")).Concat(improved.Select(p => (Pair: p, Direction: "improved")))
            .Skip(request.FlippedOffset).Take(request.FlippedLimit).ToList();
        var rows = new List<FlippedRow>(page.Count);
        foreach (var (pair, direction) in page)
        {
            var (item, baselineSample) = await FirstTrialAsync(store, workspace, baseline.Id, pair.RowIndexA, cancellationToken);
            var (_, candidateSample) = await FirstTrialAsync(store, workspace, candidate.Id, pair.RowIndexB, cancellationToken);
            rows.Add(new FlippedRow
            {
                RowDigest = pair.Digest,
                Direction = direction,
                BaselineRowIndex = pair.RowIndexA,
                CandidateRowIndex = pair.RowIndexB,
                BaselineValue = pair.A,
                CandidateValue = pair.B,
                Item = item,
                BaselineSample = baselineSample,
                CandidateSample = candidateSample,
            });
        }
        return new FlippedRows { Metric = score.Metric, Name = score.Name, Regressed = regressed.Count, Improved = improved.Count, Offset = request.FlippedOffset, Rows = rows };
    }

    private static async Task<(JsonElement? Item, JsonElement? Sample)> FirstTrialAsync(IServerStore store, string workspace, Guid resultId, long rowIndex,
        CancellationToken cancellationToken)
    {
        await foreach (var row in store.ReadRowsAsync(workspace, resultId, new RowQuery { FromRow = rowIndex, ToRow = rowIndex, Limit = 1 }, cancellationToken))
        {
            using var document = row.Parse();
            var root = document.RootElement;
            return (root.TryGetProperty("item", out var item) ? item.Clone() : null, root.TryGetProperty("sample", out var sample) ? sample.Clone() : null);
        }
        return (null, null);
    }

    private static Histogram? DifferenceHistogram(JoinedItems join)
    {
        if (join.Matched == 0)
        {
            return null;
        }
        var differences = join.Pairs.Select(p => p.Difference).ToArray();
        Array.Sort(differences);
        return Histograms.Build(differences);
    }

    /// <summary>Holm across every score of every candidate: the family is everything this request compared.</summary>
    private static ComparisonReport Adjust(ComparisonReport report)
    {
        var all = report.Candidates.SelectMany(c => c.Scores).ToList();
        var withP = all.Where(e => e.Comparison.VerdictP is not null).ToList();
        var adjusted = Holm.Adjust(withP.Select(e => e.Comparison.VerdictP!.Value).ToList());
        var byEntry = new Dictionary<ScoreComparisonEntry, double>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < withP.Count; i++)
        {
            byEntry[withP[i]] = adjusted[i];
        }
        ScoreComparisonEntry Apply(ScoreComparisonEntry e) => byEntry.TryGetValue(e, out var p)
            ? e with { AdjustedP = p, Significant = p <= report.Alpha }
            : e;
        return report with
        {
            Candidates = report.Candidates.Select(c => c with { Scores = c.Scores.Select(Apply).ToList() }).ToList(),
            ComparisonsAdjusted = withP.Count,
        };
    }

    public static (string? Metric, string? Score) SplitKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return (null, null);
        }
        var colon = key.LastIndexOf(':');
        return colon > 0 ? (key[..colon], key[(colon + 1)..]) : (key, null);
    }

    private static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
