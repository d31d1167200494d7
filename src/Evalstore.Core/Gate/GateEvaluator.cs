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
            throw EvalstoreException.Conflict(
                $"Result '{result.Name}' is {result.Status.ToString().ToLowerInvariant()}; a gate needs a completed result.");
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
            foreach (var entry in candidate.Scores.Where(
                e => wanted is null || wanted.Contains(e.Metric) || wanted.Contains($"{e.Metric}:{e.Name}")))
            {
                checks.Add(Regression(entry, request));
            }
            if (candidate.Scores.Count == 0)
            {
                checks.Add(new GateCheck
                {
                    Name = "no regression", Kind = GateCheckKind.Regression, Status = GateStatus.Fail,
                    Message =
                        $"'{result.Name}' and baseline '{report.Baseline.Name}' share no scored items ({candidate.MatchedItems} matched " +
                        $"items)",
                });
            }
        }
        var passed = checks.All(c => c.Status == GateStatus.Pass || (c.Status == GateStatus.Inconclusive && !request.Strict));
        return new GateReport
        {
            Summary = Summary(passed, checks),
            Result = ResultRef.Of(result), Baseline = baselineRef, Passed = passed, Checks = checks, Alpha = request.Alpha,
            MaxDrop = request.MaxDrop,
        };
    }

    private static GateCheck Regression(ScoreComparisonEntry entry, GateRequest request)
    {
        var c = entry.Comparison;
        var key = entry.Metric == entry.Name ? entry.Metric : $"{entry.Metric}:{entry.Name}";
        var name = $"no regression: {key}";
        if (c.Difference is not { } difference)
        {
            return new GateCheck { Name = name, Kind = GateCheckKind.Regression, Status = GateStatus.Inconclusive,
                Message = $"{key}: no matched items with values to compare" };
        }
        // A drop is a change in the worse direction, in the score's own units; the text names the change by its own sign.
        var drop = c.HigherIsBetter ? -difference : difference;
        var significant = entry.AdjustedP is { } p && p <= request.Alpha;
        var mde = c.MinimumDetectableEffect;
        var change = Change(difference, drop);
        var test = $"{(c.VerdictTest is { } verdictTest ? WireNames.Of(verdictTest) : "no test")}, Holm-adjusted p = {F(entry.AdjustedP)}";
        GateStatus status;
        string why;
        if (drop > request.MaxDrop && significant)
        {
            status = GateStatus.Fail;
            why = $"{change}, more than the allowed {F(request.MaxDrop)}, and significant ({test} ≤ {F(request.Alpha)})";
        }
        else if (drop > request.MaxDrop && (mde is null || mde > request.MaxDrop || c.Verdict == Verdict.Inconclusive))
        {
            status = GateStatus.Inconclusive;
            why = $"{(request.Strict ? "fails under --strict" : "the build passes only")} because n = {c.N} items cannot show a drop of "
                + $"{F(request.MaxDrop)} (minimum detectable effect {F(mde)} at 80% power); {change} ({test})";
        }
        else
        {
            status = GateStatus.Pass;
            why = drop > 0 ? $"{change}, within noise or the allowed {F(request.MaxDrop)} ({test})" : $"{change} ({test})";
        }
        return new GateCheck
        {
            Name = name, Kind = GateCheckKind.Regression, Status = status, Actual = drop, Threshold = request.MaxDrop,
            AdjustedP = entry.AdjustedP,
            MinimumDetectableEffect = mde,
            Message = status == GateStatus.Inconclusive
                ? $"{key}: {why}; {F(c.MeanA)} → {F(c.MeanB)}"
                : $"{key}: {F(c.MeanA)} → {F(c.MeanB)}; {why}",
        };
    }

    /// <summary>"dropped by 0.057 (worse)", "rose by 12 (worse)", "improved by 0.03 (rose)", "improved by 56.95 (dropped)".</summary>
    private static string Change(double difference, double drop) => difference == 0
        ? "unchanged"
        : drop > 0
            ? $"{(difference < 0 ? "dropped" : "rose")} by {F(Math.Abs(difference))} (worse)"
            : $"improved by {F(Math.Abs(difference))} ({(difference < 0 ? "dropped" : "rose")})";

    /// <summary>The report's first line: the verdict, and why a passing build with inconclusive checks only passes.</summary>
    private static string Summary(bool passed, IReadOnlyList<GateCheck> checks)
    {
        var failed = checks.Count(c => c.Status == GateStatus.Fail);
        var inconclusive = checks.Where(c => c.Status == GateStatus.Inconclusive).ToList();
        if (!passed)
        {
            return $"Gate FAILED: {failed + inconclusive.Count} of {checks.Count} checks did not pass"
                + (failed == 0 ? " (inconclusive under --strict)." : ".");
        }
        if (inconclusive.Count == 0)
        {
            return $"Gate passed: all {checks.Count} checks passed.";
        }
        var mdes = string.Join("; ", inconclusive.Select(c => $"{c.Name.Replace("no regression: ", "", StringComparison.Ordinal)} "
            + $"minimum detectable effect {F(c.MinimumDetectableEffect)} against an allowed drop of {F(c.Threshold)}"));
        return $"Gate passed only because the sample cannot show a drop of that size ({mdes}); add items or use --strict to fail instead.";
    }

    private static string F(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "n/a";
}
