using Evalstore.Core.Model;

namespace Evalstore.Server.Storage;

/// <summary>The parts of a run spec stored as one JSON document beside the result's columns.</summary>
internal sealed record StoredSpec(IReadOnlyList<MetricDeclaration>? Metrics, StarMetric? StarMetric, string? ClusterKey,
    IReadOnlyList<CorpusScore>? CorpusScores = null)
{
    public static StoredSpec From(RunSpec spec) => new(spec.Metrics, spec.StarMetric, spec.ClusterKey, spec.CorpusScores);
}
