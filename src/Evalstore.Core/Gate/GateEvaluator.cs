using System.Globalization;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Core.Gate;

/// <summary>
/// Runs a gate against any store (local or remote): requirements on the result's stored aggregates, then, with a
/// baseline, a paired comparison of every score. A regression fails the gate only when it is both larger than
/// <see cref="GateRequest.MaxDrop"/> and significant after Holm adjustment; when the sample is too small to detect a
/// drop of that size the check is "inconclusive", with the minimum detectable effect, rather than a false alarm.
/// </summary>
public static class GateEvaluator
{
    /// <summary>Evaluates the gate.</summary>
    public static async Task<GateReport> EvaluateAsync(IEvalStore store, IEvalAnalysis analysis, string workspace, GateRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Require.Count == 0 && request.Baseline is null)
        {
            throw EvalstoreException.BadRequest("A gate needs at least one requirement (--require) or a baseline (--baseline).");
        }
        if (request.MaxDrop < 0 || request.Alpha is <= 0 or >= 1)
        {
            throw EvalstoreException.BadRequest("max_drop must be ≥ 0 and alpha in (0, 1).");
        }
        var requirements = request.Require.Select(Requirement.Parse).ToList();
        var result = await store.GetResultAsync(workspace, request.Result, cancellationToken)
            ?? throw EvalstoreException.NotFound($"No result '{request.Result}' in workspace '{workspace}'.");
        if (result.Status != ResultStatus.Completed)
        {
            throw EvalstoreException.Conflict($"Result '{result.Name}' is {result.Status.ToString().ToLowerInvariant()}; a gate needs a completed result.");
        }
        var checks = requirements.Select(r => r.Check(result)).ToList();
        ResultRef? baselineRef = null;
        if (request.Baseline is { } baseline)
        {
            var report = await analysis.CompareAsync(workspace, new CompareRequest
            {
                Baseline = baseline,
                Candidates = [result.Id.ToString()],
                Alpha = request.Alpha,
                FlippedLimit = 0,
                BootstrapIterations = 0,
            }, cancellationToken);
            baselineRef = report.Baseline;
            var candidate = report.Candidates[0];
            var wanted = request.Scores.Count == 0 ? null : request.Scores.ToHashSet(StringComparer.Ordinal);
            foreach (var entry in candidate.Scores.Where(e => wanted is null || wanted.Contains(e.Metric) || wanted.Contains($"{e.Metric}:{e.Name}")))
            {
                checks.Add(Regression(entry, request));
            }
            if (candidate.Scores.Count == 0)
            {
                checks.Add(new GateCheck
                {
                    Name = "no regression", Kind = GateCheckKind.Regression, Status = GateStatus.Fail,
                    Message = $"'{result.Name}' and baseline '{report.Baseline.Name}' share no scored items ({candidate.MatchedItems} matched items)",
                });
            }
        }
        var passed = checks.All(c => c.Status == GateStatus.Pass || (c.Status == GateStatus.Inconclusive && !request.Strict));
        return new GateReport
        {
            Result = ResultRef.Of(result), Baseline = baselineRef, Passed = passed, Checks = checks, Alpha = request.Alpha, MaxDrop = request.MaxDrop,
        };
    }

    private static GateCheck Regression(ScoreComparisonEntry entry, GateRequest request)
    {
        var c = entry.Comparison;
        var key = entry.Metric == entry.Name ? entry.Metric : $"{entry.Metric}:{entry.Name}";
        var name = $"no regression: {key}";
        if (c.Difference is not { } difference)
        {
            return new GateCheck { Name = name, Kind = GateCheckKind.Regression, Status = GateStatus.Inconclusive, Message = $"{key}: no matched items with values to compare" };
        }
        // A drop is a change in the worse direction, in the score's own units.
        var drop = c.HigherIsBetter ? -difference : difference;
        var significant = entry.AdjustedP is { } p && p <= request.Alpha;
        var mde = c.MinimumDetectableEffect;
        GateStatus status;
        string why;
        if (drop > request.MaxDrop && significant)
        {
            status = GateStatus.Fail;
            why = $"dropped by {F(drop)} (more than {F(request.MaxDrop)}), significant: Holm-adjusted p = {F(entry.AdjustedP)} ≤ {F(request.Alpha)}";
        }
        else if (drop > request.MaxDrop && (mde is null || mde > request.MaxDrop || c.Verdict == Verdict.Inconclusive))
        {
            status = GateStatus.Inconclusive;
            why = $"dropped by {F(drop)} but n = {c.N} items can only detect changes of about {F(mde)} or more (adjusted p = {F(entry.AdjustedP)})";
        }
        else
        {
            status = GateStatus.Pass;
            why = drop > 0
                ? $"changed by {F(-drop)}, within noise or the allowed drop (adjusted p = {F(entry.AdjustedP)})"
                : $"changed by +{F(-drop)} in the better direction (adjusted p = {F(entry.AdjustedP)})";
        }
        return new GateCheck
        {
            Name = name, Kind = GateCheckKind.Regression, Status = status, Actual = drop, Threshold = request.MaxDrop, AdjustedP = entry.AdjustedP,
            MinimumDetectableEffect = mde, Message = $"{key}: {F(c.MeanA)} → {F(c.MeanB)}; {why}",
        };
    }

    private static string F(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "n/a";
}
