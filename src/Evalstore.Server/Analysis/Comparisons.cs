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
    public static Task<ComparisonReport> CompareAsync(
        IServerStore store, string workspace, CompareRequest request, CancellationToken cancellationToken) =>
        CompareAsync(store, workspace, request, itemKeys: true, cancellationToken);

    /// <summary>
    /// With <paramref name="itemKeys"/> false, joins on digest strings even where integer item keys would do: the
    /// fallback's path, which the tests hold the keyed join's report equal to.
    /// </summary>
    internal static async Task<ComparisonReport> CompareAsync(
        IServerStore store, string workspace, CompareRequest request, bool itemKeys, CancellationToken cancellationToken)
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
        Task<ScoreSet> Read(string reference) =>
            Task.Run(() => ReadScoresAsync(store, workspace, reference, metric, score, itemKeys, cancellationToken), cancellationToken);
        var baselineRead = Read(request.Baseline);
        var candidateRead = Read(request.Candidates[0]);
        await Task.WhenAll((Task)baselineRead, candidateRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var baselineScores = await baselineRead;
        var baseline = baselineScores.Result;
        if (request.Metric is not null && baselineScores.Names.Count == 0)
        {
            throw EvalstoreException.BadRequest($"Baseline '{baseline.Name}' has no score '{request.Metric}'.");
        }
        var candidates = new List<CandidateComparison>();
        for (var i = 0; i < request.Candidates.Count; i++)
        {
            var candidateScores = await candidateRead;
            if (i + 1 < request.Candidates.Count)
            {
                candidateRead = Read(request.Candidates[i + 1]);
            }
            candidates.Add(
                await CompareOneAsync(store, workspace, request, baselineScores, candidateScores, cancellationToken));
        }
        timing.Succeeded();
        return Adjust(new ComparisonReport { Baseline = ResultRef.Of(baseline), Candidates = candidates, Alpha = request.Alpha });
    }

    private static async Task<CandidateComparison> CompareOneAsync(IServerStore store, string workspace, CompareRequest request,
        ScoreSet baselineScores, ScoreSet candidateScores, CancellationToken cancellationToken)
    {
        var (baseline, candidate) = (baselineScores.Result, candidateScores.Result);
        // Scores both sides have, except free text (no order to compare); joined together so items are keyed once.
        var shared = baselineScores.Names
            .Select((a, i) => (A: i, B: candidateScores.IndexOf(a), Key: a,
                Aggregate: baseline.Scores.FirstOrDefault(s => s.Metric == a.Metric && s.Name == a.Name)))
            .Where(x => x.B >= 0 && x.Aggregate?.ScoreType != ScoreType.Text)
            .ToList();
        var joins = await JoinAsync(store, workspace, baselineScores, candidateScores, shared.Select(x => (x.A, x.B)).ToList(),
            cancellationToken);
        var firstJoin = joins.FirstOrDefault();
        // Each score's tests take up to a second on a large result (its bootstrap): the scores run side by side, each on
        // its own seed-determined draws, so the answer is the same as one after another.
        var comparisons = new ScoreComparison[shared.Count];
        try
        {
            Parallel.For(0, shared.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var aggregate = shared[i].Aggregate;
                comparisons[i] = PairedComparison.Compare(joins[i].A, joins[i].B, aggregate?.ScoreType ?? ScoreType.Range,
                    request.Alpha, request.BootstrapIterations, request.Seed, aggregate?.HigherIsBetter ?? true);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first score's failure, as the loop one score at a time raised it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var entries = new List<ScoreComparisonEntry>();
        ((string Metric, string Name) Score, JoinedItems Join)? flipSource = null;
        for (var i = 0; i < shared.Count; i++)
        {
            var (_, _, key, aggregate) = shared[i];
            var join = joins[i];
            entries.Add(new ScoreComparisonEntry { Metric = key.Metric, Name = key.Name, Comparison = comparisons[i],
                Differences = DifferenceHistogram(join) });
            if (flipSource is null && IsPassFail(aggregate))
            {
                flipSource = (key, join);
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
        (string Metric, string Name) score, JoinedItems join, CompareRequest request, CancellationToken cancellationToken)
    {
        // Counted over the values; only the page's pairs are made (with their digests).
        var (regressedCount, improvedCount) = join.Flips();
        var regressed = join.PassedToFailed();
        var improved = join.FailedToPassed();
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
        return new FlippedRows { Metric = score.Metric, Name = score.Name, Regressed = regressedCount,
            Improved = improvedCount,
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
        join.Matched == 0 ? null : Histograms.BuildUnsorted(Differences(join.A, join.B));

    private static double[] Differences(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var differences = new double[a.Length];
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = b[i] - a[i]; // ItemPair.Difference
        }
        return differences;
    }

    private static async Task<ScoreSet> ReadScoresAsync(
        IServerStore store, string workspace, string reference, string? metric, string? score, bool itemKeys,
        CancellationToken cancellationToken)
    {
        var result = await store.RequireResultAsync(workspace, reference, cancellationToken);
        var columns = itemKeys ? await store.ReadItemColumnsAsync(workspace, result.Id, metric, score, cancellationToken) : null;
        var set = new ScoreSet(result, metric, score) { Columns = columns };
        if (columns is null)
        {
            await set.LoadItemsAsync(store, workspace, cancellationToken);
        }
        return set;
    }

    /// <summary>
    /// Joins the chosen score pairs: on integer item keys over the column reads when both sides have them, else (a
    /// PostgreSQL result from before column chunks, or two digests sharing a key) on the digest strings.
    /// </summary>
    private static async Task<IReadOnlyList<JoinedItems>> JoinAsync(IServerStore store, string workspace, ScoreSet a, ScoreSet b,
        IReadOnlyList<(int A, int B)> pairs, CancellationToken cancellationToken)
    {
        if (a.Columns is { } columnsA && b.Columns is { } columnsB
            && ScoreJoin.Join(columnsA.With([.. pairs.Select(p => columnsA.Scores[p.A])]),
                columnsB.With([.. pairs.Select(p => columnsB.Scores[p.B])])) is { } joined)
        {
            return joined;
        }
        await a.LoadItemsAsync(store, workspace, cancellationToken);
        await b.LoadItemsAsync(store, workspace, cancellationToken);
        return ScoreJoin.Join(pairs.Select(p => a.Items![p.A].Values).ToList(), pairs.Select(p => b.Items![p.B].Values).ToList());
    }

    /// <summary>One result's selected scores: as columns (the usual case), as digest-keyed lists (the fallback), or both.</summary>
    private sealed class ScoreSet(ResultInfo result, string? metric, string? score)
    {
        public ResultInfo Result => result;

        public ItemColumns? Columns { get; init; }

        public List<ScoreItems>? Items { get; private set; }

        /// <summary>The scores, in the store's order (the same for both reads).</summary>
        public IReadOnlyList<(string Metric, string Name)> Names => _names ??=
            Columns is { } columns ? [.. columns.Scores.Select(s => (s.Metric, s.Name))] : [.. Items!.Select(s => (s.Metric, s.Name))];

        private List<(string Metric, string Name)>? _names;

        public int IndexOf((string Metric, string Name) key)
        {
            var names = Names;
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == key)
                {
                    return i;
                }
            }
            return -1;
        }

        public async Task LoadItemsAsync(IServerStore store, string workspace, CancellationToken cancellationToken) =>
            Items ??= await CollectAsync(store.ReadScoreItemsAsync(workspace, result.Id, metric, score, cancellationToken));
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
