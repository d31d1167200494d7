using Evalstore.Contracts.NeMo;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>The two families of NeMo job results, which share their routes' shape and differ in kind and body.</summary>
internal sealed record NeMoKind(
    string Name,
    ResultKind Kind,
    string ResultsPath,
    string JobsPath,
    Func<ResultInfo, IReadOnlySet<string>?, JobResult> ToJobResult,
    Func<ResultInfo, object> ToAggregate)
{
    public static readonly NeMoKind Metric = new("Metric", ResultKind.Metric, "metric-job-results", "metric-jobs",
        NeMoResults.MetricJobResult, NeMoResults.AggregatedMetricResult);

    public static readonly NeMoKind Benchmark = new("Benchmark", ResultKind.Benchmark, "benchmark-job-results", "benchmark-jobs",
        NeMoResults.BenchmarkJobResult, NeMoResults.BenchmarkEvaluationResult);

    public static readonly IReadOnlyList<NeMoKind> All = [Metric, Benchmark];
}
