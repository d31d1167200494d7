namespace Evalstore.Core.Gate;

/// <summary>A stored gate evaluation: what was asked, the verdict and every check, when, and in which project.</summary>
public sealed record GateEvaluation
{
    /// <summary>Id of the evaluation.</summary>
    public required Guid Id { get; init; }
    /// <summary>Project of the result under test.</summary>
    public required string Project { get; init; }
    /// <summary>When the gate was evaluated.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }
    /// <summary>The verdict (also in <see cref="Report"/>).</summary>
    public required bool Passed { get; init; }
    /// <summary>The request: requirements, baseline, allowed drop, α, strictness (the thresholds).</summary>
    public required GateRequest Request { get; init; }
    /// <summary>The report: the results compared and every check.</summary>
    public required GateReport Report { get; init; }
}

/// <summary>Which stored gate evaluations to list, newest first.</summary>
public sealed record GateEvaluationQuery
{
    /// <summary>Evaluated at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Only this project.</summary>
    public string? Project { get; init; }
    /// <summary>Only evaluations of this result (UUID).</summary>
    public Guid? ResultId { get; init; }
    /// <summary>At most this many (1–1000).</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Stored gate evaluations as the API lists them.</summary>
/// <param name="Data">Newest first.</param>
public sealed record GateEvaluationList(IReadOnlyList<GateEvaluation> Data);
