using Evalstore.Contracts.NeMo;

namespace Evalstore.Client.NeMo;

/// <summary>
/// The NeMo Evaluator-shaped facade, <c>client.Evaluation</c>, mirroring NeMo's Python SDK
/// (<c>client.evaluation.metric_job_results.list(…)</c> becomes <c>client.Evaluation.MetricJobResults.ListAsync(…)</c>).
/// </summary>
public sealed class EvaluationClient
{
    internal EvaluationClient(HttpClient http, string? workspace)
    {
        var transport = new NeMoTransport(http, workspace);
        MetricJobResults = new JobResultsClient<MetricJobResult>(transport, "metric-job-results");
        BenchmarkJobResults = new JobResultsClient<BenchmarkJobResult>(transport, "benchmark-job-results");
        MetricJobs = new JobsClient<AggregatedMetricResult>(transport, "metric-jobs");
        BenchmarkJobs = new JobsClient<BenchmarkEvaluationResult>(transport, "benchmark-jobs");
    }

    /// <summary>Metric job results: list, retrieve, delete.</summary>
    public JobResultsClient<MetricJobResult> MetricJobResults { get; }

    /// <summary>Benchmark job results: list, retrieve, delete.</summary>
    public JobResultsClient<BenchmarkJobResult> BenchmarkJobResults { get; }

    /// <summary>Metric jobs' result downloads.</summary>
    public JobsClient<AggregatedMetricResult> MetricJobs { get; }

    /// <summary>Benchmark jobs' result downloads.</summary>
    public JobsClient<BenchmarkEvaluationResult> BenchmarkJobs { get; }
}
