namespace Evalstore.Core.Model;

/// <summary>
/// Cluster-robust standard errors of the item mean (Miller 2024, "Adding Error Bars to Evals", arXiv 2411.00640).
/// Items of one cluster (a passage, a template, a translated question) are not independent, so the naive standard
/// error understates the uncertainty; every variant is given, labelled, because tools disagree on the correction.
/// The formulas use the residuals <c>e_i = x_i − x̄</c> of the per-item means.
/// </summary>
public sealed record ClusteredError
{
    /// <summary>Distinct clusters C. Items without a cluster count as a cluster of their own.</summary>
    public required long ClusterCount { get; init; }
    /// <summary>Items n the errors are over.</summary>
    public required long ItemCount { get; init; }
    /// <summary>Miller Appendix A: <c>sqrt(Σ_c (Σ_{i∈c} e_i)²) / n</c>, without a finite-cluster correction.</summary>
    public required double StdErr { get; init; }
    /// <summary>Label of <see cref="StdErr"/>.</summary>
    public string Method { get; init; } = "miller-appendix-a";
    /// <summary>inspect_ai's <c>stderr(cluster=…)</c>: Appendix A times <c>sqrt(C/(C−1))</c>; null when C &lt; 2.</summary>
    public double? InspectStdErr { get; init; }
    /// <summary>Miller main text: <c>sqrt(SE_CLT² + (1/n²) Σ_c Σ_{i≠j∈c} e_i e_j)</c> (the diagonal keeps ddof 1).</summary>
    public double? MainTextStdErr { get; init; }
    /// <summary>The unclustered standard error over items (sample std / sqrt(n)); null below two items.</summary>
    public double? NaiveStdErr { get; init; }
    /// <summary><see cref="StdErr"/> / <see cref="NaiveStdErr"/>: how much clustering widens the interval.</summary>
    public double? Ratio { get; init; }
    /// <summary><see cref="InspectStdErr"/> / <see cref="NaiveStdErr"/>.</summary>
    public double? InspectRatio { get; init; }
    /// <summary>Lower end of the interval: item mean − t(df = C−1)·<see cref="InspectStdErr"/>, as inspect's
    /// <c>ci(cluster=…)</c>.</summary>
    public double? CiLow { get; init; }
    /// <summary>Upper end of the same interval.</summary>
    public double? CiHigh { get; init; }
    /// <summary>The t critical value of the interval (df = C−1).</summary>
    public double? Critical { get; init; }
}
