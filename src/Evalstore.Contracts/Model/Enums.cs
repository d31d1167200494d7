namespace Evalstore.Core.Model;

/// <summary>What produced a result: one metric, a benchmark of several metrics, or a free-form evaluation.</summary>
public enum ResultKind
{
    /// <summary>A metric job result: the scores of one metric.</summary>
    Metric,
    /// <summary>A benchmark job result: one entry per metric of the benchmark.</summary>
    Benchmark,
    /// <summary>An evaluation run (Weave, DigitalOcean): any set of scorers.</summary>
    Evaluation,
}

/// <summary>Lifecycle of a result: created <c>running</c>, then exactly once <c>completed</c> or <c>failed</c>.</summary>
public enum ResultStatus
{
    /// <summary>Accepting row batches.</summary>
    Running,
    /// <summary>Aggregates computed and stored; immutable.</summary>
    Completed,
    /// <summary>Ended with an error description; immutable.</summary>
    Failed,
}

/// <summary>How a score's values are read and aggregated.</summary>
public enum ScoreType
{
    /// <summary>Numbers: percentiles and histogram.</summary>
    Range,
    /// <summary>Pass / fail (JSON booleans, or 0 and 1 when declared binary): pass rate with a Wilson interval.</summary>
    Binary,
    /// <summary>Labels from declared rubric levels, each with a numeric value.</summary>
    Rubric,
    /// <summary>Free text labels: counts and mode only.</summary>
    Text,
}

/// <summary>What an API key may do in its workspace.</summary>
public enum KeyRole
{
    /// <summary>Read and download.</summary>
    Read,
    /// <summary>Read, create results, append rows, delete.</summary>
    Write,
    /// <summary>Everything, including managing keys.</summary>
    Admin,
}
