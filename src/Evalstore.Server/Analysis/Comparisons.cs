using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using Evalstore.Core.Stores;
using Evalstore.Server.Storage;
using Evalstore.Server.Telemetry;

namespace Evalstore.Server.Analysis;

/// <summary>
/// Compares results item by item for every store: reads each score's values with their row digests, joins them
/// (<see cref="ScoreJoin"/>), runs the paired tests (<see cref="PairedComparison"/>) and adjusts the p-values of every
/// score and candidate together (Holm), so comparing many scores does not manufacture significance.
/// </summary>
internal static class Comparisons
{
    public static async Task<ComparisonReport> CompareAsync(
        IServerStore store, string workspace, CompareRequest request, CancellationToken cancellationToken)
    {
        if (request.Candidates.Count == 0)
        {
            throw EvalstoreException.BadRequest("Name at least one candidate result to compare with the baseline.");
        }
        if (request.Alpha is <= 0 or >= 1 || request.BootstrapIterations is < 0 or > 100_000 || request.FlippedLimit is < 0 or > 1000
            || request.FlippedOffset < 0)
        {
            throw EvalstoreException.BadRequest(
                "alpha must be in (0, 1), bootstrap in 0–100000, flipped_limit in 0–1000, flipped_offset ≥ 0.");
        }
        using var timing = EvalstoreTelemetry.Compare(workspace, request.Candidates.Count);
        var (metric, score) = SplitKey(request.Metric);
        // Each result's scores are read on their own thread: the baseline beside the first candidate, and each next
        // candidate while the current one is compared.
        Task<(ResultInfo Result, List<ScoreItems> Scores)> Read(string reference) =>
            Task.Run(() => ReadScoresAsync(store, workspace, reference, metric, score, cancellationToken), cancellationToken);
        var baselineRead = Read(request.Baseline);
        var candidateRead = Read(request.Candidates[0]);
        await Task.WhenAll((Task)baselineRead, candidateRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var (baseline, baselineScores) = await baselineRead;
        if (request.Metric is not null && baselineScores.Count == 0)
        {
            throw EvalstoreException.BadRequest($"Baseline '{baseline.Name}' has no score '{request.Metric}'.");
        }
        var candidates = new List<CandidateComparison>();
        for (var i = 0; i < request.Candidates.Count; i++)
        {
            var (candidate, candidateScores) = await candidateRead;
            if (i + 1 < request.Candidates.Count)
            {
                candidateRead = Read(request.Candidates[i + 1]);
            }
            candidates.Add(
                await CompareOneAsync(store, workspace, request, baseline, baselineScores, candidate, candidateScores, cancellationToken));
        }
        timing.Succeeded();
        return Adjust(new ComparisonReport { Baseline = ResultRef.Of(baseline), Candidates = candidates, Alpha = request.Alpha });
    }

    private static async Task<CandidateComparison> CompareOneAsync(IServerStore store, string workspace, CompareRequest request,
        ResultInfo baseline, IReadOnlyList<ScoreItems> baselineScores, ResultInfo candidate, IReadOnlyList<ScoreItems> candidateScores,
        CancellationToken cancellationToken)
    {
        var entries = new List<ScoreComparisonEntry>();
        (ScoreItems Score, JoinedItems Join)? flipSource = null;
        // Scores both sides have, except free text (no order to compare); joined together so digests are hashed once.
        var shared = baselineScores
            .Select(a => (A: a, B: candidateScores.FirstOrDefault(s => s.Metric == a.Metric && s.Name == a.Name),
                Aggregate: baseline.Scores.FirstOrDefault(s => s.Metric == a.Metric && s.Name == a.Name)))
            .Where(x => x.B is not null && x.Aggregate?.ScoreType != ScoreType.Text)
            .ToList();
        var joins = ScoreJoin.Join(shared.Select(x => x.A.Values).ToList(), shared.Select(x => x.B!.Values).ToList());
        var firstJoin = joins.FirstOrDefault();
        for (var i = 0; i < shared.Count; i++)
        {
            // Each score's tests take up to a second on a large result: a client that hung up stops the rest.
            cancellationToken.ThrowIfCancellationRequested();
            var (a, _, aggregate) = shared[i];
            var join = joins[i];
            var comparison = PairedComparison.Compare(
                join.A, join.B, aggregate?.ScoreType ?? ScoreType.Range, request.Alpha, request.BootstrapIterations,
                request.Seed, aggregate?.HigherIsBetter ?? true);
            entries.Add(new ScoreComparisonEntry { Metric = a.Metric, Name = a.Name, Comparison = comparison,
                Differences = DifferenceHistogram(join) });
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
            BaselineDuplicates = firstJoin?.DuplicatesA ?? new DuplicateItems(0, 0),
            CandidateDuplicates = firstJoin?.DuplicatesB ?? new DuplicateItems(0, 0),
            Scores = entries,
            Flipped = flipSource is { } flip
                ? await FlippedAsync(store, workspace, baseline, candidate, flip.Score, flip.Join, request, cancellationToken)
                : null,
        };
    }

    /// <summary>Proportions, and numeric scores confined to [0, 1], read as pass (≥ 0.5) or fail per item.</summary>
    private static bool IsPassFail(ScoreAggregate? aggregate) =>
        aggregate is not null && (aggregate.Domain == ValueDomain.Proportion || aggregate.ScoreType == ScoreType.Binary
            || (aggregate.ScoreType == ScoreType.Range && aggregate.Min >= 0 && aggregate.Max <= 1));

    private static async Task<FlippedRows> FlippedAsync(IServerStore store, string workspace, ResultInfo baseline, ResultInfo candidate,
        ScoreItems score, JoinedItems join, CompareRequest request, CancellationToken cancellationToken)
    {
        var regressed = join.PassedToFailed().ToList();
        var improved = join.FailedToPassed().ToList();
        var page = regressed.Select(p => (Pair: p, Direction: FlipDirection.Regressed))
            .Concat(improved.Select(p => (Pair: p, Direction: FlipDirection.Improved)))
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
        return new FlippedRows { Metric = score.Metric, Name = score.Name, Regressed = regressed.Count, Improved = improved.Count,
            Offset = request.FlippedOffset, Rows = rows };
    }

    private static async Task<(JsonElement? Item, JsonElement? Sample)> FirstTrialAsync(
        IServerStore store, string workspace, Guid resultId, long rowIndex,
        CancellationToken cancellationToken)
    {
        await foreach (var row in store.ReadRowsAsync(
            workspace, resultId, new RowQuery { FromRow = rowIndex, ToRow = rowIndex, Limit = 1 }, cancellationToken))
        {
            using var document = row.Parse();
            var root = document.RootElement;
            return (root.TryGetProperty("item", out var item) ? item.Clone() : null,
                root.TryGetProperty("sample", out var sample) ? sample.Clone() : null);
        }
        return (null, null);
    }

    private static Histogram? DifferenceHistogram(JoinedItems join) =>
        join.Matched == 0 ? null : Histograms.BuildUnsorted(join.Pairs.Select(p => p.Difference).ToArray());

    private static async Task<(ResultInfo Result, List<ScoreItems> Scores)> ReadScoresAsync(
        IServerStore store, string workspace, string reference,
        string? metric, string? score, CancellationToken cancellationToken)
    {
        var result = await store.RequireResultAsync(workspace, reference, cancellationToken);
        return (result, await CollectAsync(store.ReadScoreItemsAsync(workspace, result.Id, metric, score, cancellationToken)));
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
