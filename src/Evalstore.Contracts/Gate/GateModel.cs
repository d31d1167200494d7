using System.Text.Json.Serialization;
using Evalstore.Core.Model;

namespace Evalstore.Core.Gate;

/// <summary>What a CI gate checks: absolute requirements on a result, and optionally no significant regression from a baseline.</summary>
public sealed record GateRequest
{
    /// <summary>The result under test (UUID or name).</summary>
    public required string Result { get; init; }
    /// <summary>Baseline to compare with; null checks only the requirements.</summary>
    public string? Baseline { get; init; }
    /// <summary>Requirements such as <c>exact-match.mean&gt;=0.8</c>, <c>accuracy.ci_low&gt;=0.7</c>, <c>pass_status==true</c>.</summary>
    public IReadOnlyList<string> Require { get; init; } = [];
    /// <summary>Largest tolerated drop (in the score's units) before a significant regression fails the gate.</summary>
    public double MaxDrop { get; init; }
    /// <summary>Significance level of the regression tests (after Holm adjustment across scores).</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>Only these scores are checked for regressions (<c>metric</c> or <c>metric:score</c>); empty means all.</summary>
    public IReadOnlyList<string> Scores { get; init; } = [];
    /// <summary>Treat "inconclusive" (too few items to detect <see cref="MaxDrop"/>) as a failure.</summary>
    public bool Strict { get; init; }
}

/// <summary>The gate's verdict and every check behind it.</summary>
public sealed record GateReport
{
    /// <summary>The result under test.</summary>
    public required ResultRef Result { get; init; }
    /// <summary>The baseline, when one was given.</summary>
    public ResultRef? Baseline { get; init; }
    /// <summary>True when no check failed.</summary>
    public required bool Passed { get; init; }
    /// <summary>The first line to show: the verdict, and when inconclusive checks let it pass, that the build passes only
    /// because the sample cannot show a drop of that size (with the minimum detectable effect).</summary>
    public string Summary { get; init; } = "";
    /// <summary>Every check, requirements first.</summary>
    public required IReadOnlyList<GateCheck> Checks { get; init; }
    /// <summary>Settings used.</summary>
    public double Alpha { get; init; }
    /// <summary>Settings used.</summary>
    public double MaxDrop { get; init; }
}

/// <summary>One check: a requirement or a regression test of one score.</summary>
public sealed record GateCheck
{
    /// <summary>What was checked, e.g. <c>exact-match.mean&gt;=0.8</c> or <c>no regression: exact-match</c>.</summary>
    public required string Name { get; init; }
    /// <summary><c>requirement</c> or <c>regression</c>.</summary>
    public required GateCheckKind Kind { get; init; }
    /// <summary><c>pass</c>, <c>fail</c> or <c>inconclusive</c>.</summary>
    public required GateStatus Status { get; init; }
    /// <summary>One sentence a reviewer can act on.</summary>
    public required string Message { get; init; }
    /// <summary>The measured value (the statistic, or the drop).</summary>
    public double? Actual { get; init; }
    /// <summary>The threshold it was held to.</summary>
    public double? Threshold { get; init; }
    /// <summary>Holm-adjusted p of a regression test.</summary>
    public double? AdjustedP { get; init; }
    /// <summary>Minimum detectable effect at this n (80% power) of a regression test.</summary>
    public double? MinimumDetectableEffect { get; init; }
}

/// <summary>What a gate check looks at.</summary>
public enum GateCheckKind
{
    /// <summary>A requirement on the result's own aggregates (<c>--require</c>).</summary>
    [JsonStringEnumMemberName("requirement")] Requirement,
    /// <summary>No significant drop from the baseline.</summary>
    [JsonStringEnumMemberName("regression")] Regression,
}

/// <summary>How a gate check came out.</summary>
public enum GateStatus
{
    /// <summary>The check holds.</summary>
    [JsonStringEnumMemberName("pass")] Pass,
    /// <summary>The check fails the gate.</summary>
    [JsonStringEnumMemberName("fail")] Fail,
    /// <summary>Too little data to tell; fails the gate only when strict.</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
}
