using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Results as DigitalOcean's model evaluation runs: every result of the workspace is one (the candidate model is the
/// result's model, the dataset its dataset, the "preset" its test case), as every result is an agent evaluation run.
/// Evalstore records no judge model, routing or pricing, so those fields keep their proto3 defaults.
/// </summary>
internal static class GradientModelRuns
{
    public const string Serverless = "CANDIDATE_MODEL_SOURCE_SERVERLESS";

    /// <summary>The failure message a cancel records; a failed result with it reads as cancelled.</summary>
    public const string CancelledMessage = "Cancelled through DigitalOcean's model_evaluation_runs API.";

    public static readonly string[] Statuses =
    [
        "MODEL_EVALUATION_RUN_STATUS_UNSPECIFIED", "MODEL_EVALUATION_RUN_QUEUED", "MODEL_EVALUATION_RUN_RUNNING_DATASET",
        "MODEL_EVALUATION_RUN_EVALUATING_RESULTS", "MODEL_EVALUATION_RUN_CANCELLING", "MODEL_EVALUATION_RUN_CANCELLED",
        "MODEL_EVALUATION_RUN_SUCCESSFUL", "MODEL_EVALUATION_RUN_PARTIALLY_SUCCESSFUL", "MODEL_EVALUATION_RUN_FAILED",
    ];

    public static readonly string[] CandidateTypes =
        ["CANDIDATE_MODEL_SOURCE_SERVERLESS", "CANDIDATE_MODEL_SOURCE_DEDICATED", "CANDIDATE_MODEL_SOURCE_ROUTER"];

    public static string Status(ResultInfo result) => result.Status switch
    {
        ResultStatus.Running => "MODEL_EVALUATION_RUN_RUNNING_DATASET",
        ResultStatus.Completed => "MODEL_EVALUATION_RUN_SUCCESSFUL",
        _ when result.ErrorDescription == CancelledMessage => "MODEL_EVALUATION_RUN_CANCELLED",
        _ => "MODEL_EVALUATION_RUN_FAILED",
    };

    /// <summary>The test case a result belongs to stands for DigitalOcean's evaluation preset.</summary>
    public static string PresetUuid(ResultInfo result) =>
        GradientRuns.TestCaseReference(result) is { } reference ? GradientIds.For("test-case", result.Workspace, reference) : "";

    public static ApiModelEvaluationRunSummary Summary(ResultInfo result) => new()
    {
        CandidateModelName = result.Model ?? "",
        CandidateModelUuid = ModelUuid(result),
        CreatedAt = GradientJson.Time(result.CreatedAt),
        DatasetName = result.Dataset ?? "",
        DatasetUuid = DatasetUuid(result),
        EvalRunUuid = result.Id.ToString(),
        Name = GradientRuns.Label(result, "run_name") ?? result.Name,
        Progress = Progress(result),
        Status = Status(result),
    };

    public static ApiModelEvaluationRunDetail Detail(ResultInfo result)
    {
        var star = result.StarMetric is { } s && PassStatus.Find(s, result.Scores) is { } aggregate
            ? new ApiStarMetricSummary(GradientMetrics.Name(aggregate.Metric, aggregate.Name),
                GradientMetrics.Uuid(result.Workspace, GradientMetrics.Name(aggregate.Metric, aggregate.Name)), s.Threshold)
            : null;
        var binary = result.Scores.Where(a => a.ScoreType == ScoreType.Binary).ToList();
        return new ApiModelEvaluationRunDetail
        {
            CandidateModelName = result.Model ?? "",
            CandidateModelUuid = ModelUuid(result),
            CompletedAt = result.Status == ResultStatus.Running ? null : GradientJson.Time(result.FinishedAt),
            CreatedAt = GradientJson.Time(result.CreatedAt),
            DatasetName = result.Dataset ?? "",
            DatasetUuid = DatasetUuid(result),
            ErrorDescription = result.ErrorDescription ?? "",
            EvalPresetName = GradientRuns.TestCaseReference(result) ?? "",
            EvalPresetUuid = PresetUuid(result),
            EvalRunUuid = result.Id.ToString(),
            Metrics = GradientCatalog.Metrics(result.Workspace, [result]),
            Name = GradientRuns.Label(result, "run_name") ?? result.Name,
            Progress = Progress(result),
            ResultSummary = result.Status != ResultStatus.Completed ? null : new ApiModelEvaluationRunResultSummary
            {
                StartTime = GradientJson.Time(result.StartedAt ?? result.CreatedAt),
                EndTime = GradientJson.Time(result.FinishedAt),
                TotalDurationSeconds = result.FinishedAt is { } end ? (long)(end - (result.StartedAt ?? result.CreatedAt)).TotalSeconds : 0,
                MetricSummaries = binary.Select(a => MetricSummary(result, a)).ToList(),
                // The mean pass rate over the run's pass/fail scores, in percent (0 when it has none).
                OverallScorePercent = binary.Where(a => a.PassRate is not null).Select(a =>
                    a.PassRate!.Value * 100).DefaultIfEmpty(0).Average(),
                StarMetricSummary = star,
            },
            StarMetric = result.StarMetric is null ? null : GradientCatalog.Star(result.Workspace, result),
            StartedAt = GradientJson.Time(result.StartedAt ?? result.CreatedAt),
            Status = Status(result),
        };
    }

    private static ApiMetricResultSummary MetricSummary(ResultInfo result, ScoreAggregate aggregate)
    {
        var name = GradientMetrics.Name(aggregate.Metric, aggregate.Name);
        var total = aggregate.Count + aggregate.NanCount;
        var pass = (long)Math.Round(aggregate.Sum ?? 0);
        var fail = aggregate.Count - pass;
        double Percent(long n) => total == 0 ? 0 : 100.0 * n / total;
        return new ApiMetricResultSummary
        {
            Description = result.Metrics.LastOrDefault(d => d.Covers(aggregate.Metric, aggregate.Name))?.Description ?? "",
            MetricName = name,
            MetricUuid = GradientMetrics.Uuid(result.Workspace, name),
            PassCount = pass,
            FailCount = fail,
            SkippedCount = aggregate.NanCount,
            PassPercent = Percent(pass),
            FailPercent = Percent(fail),
            SkipPercent = Percent(aggregate.NanCount),
        };
    }

    // Rows are scored as they arrive, so the candidate and judge have both evaluated every stored row.
    private static ApiModelEvaluationRunProgress Progress(ResultInfo result) => new(result.RowCount, result.RowCount, result.RowCount);

    private static string ModelUuid(ResultInfo result) => result.Model is null ? "" : GradientIds.For("agent", result.Workspace,
        result.Model);

    private static string DatasetUuid(ResultInfo result) => result.Dataset is null ? "" : GradientIds.For("dataset", result.Workspace,
        result.Dataset);
}
