namespace Evalstore.Server.Vendors.Gradient;

// DigitalOcean's model-evaluation shapes (digitalocean/openapi 7c1300c4, resources/gen-ai/definitions.yml), as far as
// they concern stored results; see GradientShapes.cs for the proto3 conventions (scalars always, no nulls).

/// <summary><c>apiModelEvaluationRunProgress</c>.</summary>
internal sealed record ApiModelEvaluationRunProgress(long CandidateRowsEvaluated, long JudgeRowsEvaluated, long TotalRows);

/// <summary><c>apiModelEvaluationRunSummary</c>.</summary>
internal sealed record ApiModelEvaluationRunSummary
{
    public string CandidateModelName { get; init; } = "";
    public string CandidateModelSource { get; init; } = GradientModelRuns.Serverless;
    public string CandidateModelUuid { get; init; } = "";
    public string? CreatedAt { get; init; }
    public string DatasetName { get; init; } = "";
    public string DatasetUuid { get; init; } = "";
    public required string EvalRunUuid { get; init; }
    public string JudgeModelName { get; init; } = "";
    public string JudgeModelUuid { get; init; } = "";
    public required string Name { get; init; }
    public required ApiModelEvaluationRunProgress Progress { get; init; }
    public required string Status { get; init; }
}

/// <summary><c>apiModelEvaluationRunDetail</c>.</summary>
internal sealed record ApiModelEvaluationRunDetail
{
    public string CandidateModelName { get; init; } = "";
    public string CandidateModelSource { get; init; } = GradientModelRuns.Serverless;
    public string CandidateModelUuid { get; init; } = "";
    public string? CompletedAt { get; init; }
    public string? CreatedAt { get; init; }
    public string DatasetName { get; init; } = "";
    public string DatasetUuid { get; init; } = "";
    public string ErrorDescription { get; init; } = "";
    public string EvalPresetName { get; init; } = "";
    public string EvalPresetUuid { get; init; } = "";
    public required string EvalRunUuid { get; init; }
    public string JudgeModelName { get; init; } = "";
    public string JudgeModelUuid { get; init; } = "";
    public IReadOnlyList<ApiEvaluationMetric> Metrics { get; init; } = [];
    public required string Name { get; init; }
    public required ApiModelEvaluationRunProgress Progress { get; init; }
    public ApiModelEvaluationRunResultSummary? ResultSummary { get; init; }
    public ApiStarMetric? StarMetric { get; init; }
    public string? StartedAt { get; init; }
    public required string Status { get; init; }
}

/// <summary><c>apiModelEvaluationRunResultSummary</c> (pricing and per-model/task breakdowns are not recorded).</summary>
internal sealed record ApiModelEvaluationRunResultSummary
{
    public string? EndTime { get; init; }
    public IReadOnlyList<ApiMetricResultSummary> MetricSummaries { get; init; } = [];
    public double OverallScorePercent { get; init; }
    public ApiStarMetricSummary? StarMetricSummary { get; init; }
    public string? StartTime { get; init; }
    public long TotalDurationSeconds { get; init; }
}

/// <summary><c>apiMetricResultSummary</c>: pass, fail and skip counts of a pass/fail score.</summary>
internal sealed record ApiMetricResultSummary
{
    public string Description { get; init; } = "";
    public long FailCount { get; init; }
    public double FailPercent { get; init; }
    public required string MetricName { get; init; }
    public required string MetricUuid { get; init; }
    public long PassCount { get; init; }
    public double PassPercent { get; init; }
    public double SkipPercent { get; init; }
    public long SkippedCount { get; init; }
}

/// <summary><c>apiStarMetricSummary</c>.</summary>
internal sealed record ApiStarMetricSummary(string MetricName, string MetricUuid, double Threshold);

/// <summary><c>apiModelEvaluationResult</c>: one prompt of the run.</summary>
internal sealed record ApiModelEvaluationResult
{
    public string CandidateModelName { get; init; } = "";
    public string CandidateModelUuid { get; init; } = "";
    public string CandidateRoutedTask { get; init; } = "";
    public string GroundTruth { get; init; } = "";
    public string Input { get; init; } = "";
    public IReadOnlyList<ApiEvaluationMetricResult> MetricResults { get; init; } = [];
    public string Output { get; init; } = "";
}

/// <summary><c>apiListModelEvaluationRunsOutput</c>.</summary>
internal sealed record ApiListModelEvaluationRunsOutput(IReadOnlyList<string> AvailableCandidateTypes,
    IReadOnlyList<string> AvailableStatuses,
    ApiLinks Links, ApiMeta Meta, IReadOnlyList<ApiModelEvaluationRunSummary> Runs);

/// <summary><c>apiGetModelEvaluationRunOutput</c>.</summary>
internal sealed record ApiGetModelEvaluationRunOutput(ApiLinks Links, ApiMeta Meta, IReadOnlyList<ApiModelEvaluationResult> Results,
    ApiModelEvaluationRunDetail Run);

/// <summary><c>apiDeleteModelEvaluationRunOutputPublic</c>.</summary>
internal sealed record ApiDeleteModelEvaluationRunOutput(string Error, string Status);

/// <summary><c>apiCancelModelEvaluationRunInputPublic</c>.</summary>
internal sealed record ApiCancelModelEvaluationRunInput(string? EvalRunUuid);

/// <summary><c>apiCancelModelEvaluationRunOutput</c>.</summary>
internal sealed record ApiCancelModelEvaluationRunOutput(ApiModelEvaluationRunSummary Run);

/// <summary><c>apiGetModelEvaluationRunResultsDownloadURLOutput</c> and <c>apiGetEvaluationDatasetDownloadURLOutput</c>.</summary>
internal sealed record ApiDownloadUrlOutput(string DownloadUrl, string ExpiresAt);

/// <summary><c>apiListEvaluationDatasetsOutput</c>.</summary>
internal sealed record ApiListEvaluationDatasetsOutput(IReadOnlyList<ApiEvaluationDataset> EvaluationDatasets);

/// <summary><c>apiListEvaluationTestCasesByWorkspaceOutput</c>.</summary>
internal sealed record ApiListEvaluationTestCasesByWorkspaceOutput(IReadOnlyList<ApiEvaluationTestCase> EvaluationTestCases);
