namespace Evalstore.Server.Vendors.Gradient;

// Test cases and metrics as DigitalOcean lists them; see GradientShapes.cs for the proto3 default convention.

/// <summary><c>apiEvaluationMetric</c>.</summary>
internal sealed record ApiEvaluationMetric
{
    public IReadOnlyList<object> AssociatedPresets { get; init; } = [];
    public string Category { get; init; } = "METRIC_CATEGORY_UNSPECIFIED";
    public object? CustomEvalConfig { get; init; }
    public string Description { get; init; } = "";
    public string EvaluationScope { get; init; } = "EVALUATION_SCOPE_AGENT";
    public bool Inverted { get; init; }
    public bool IsMetricGoal { get; init; }
    public required string MetricName { get; init; }
    public long MetricRank { get; init; }
    public string MetricType { get; init; } = "METRIC_TYPE_GENERAL_QUALITY";
    public required string MetricUuid { get; init; }
    public required string MetricValueType { get; init; }
    public double RangeMax { get; init; }
    public double RangeMin { get; init; }
    public string Source { get; init; } = "EVALUATION_METRIC_SOURCE_CUSTOM";
}

/// <summary><c>apiStarMetric</c>.</summary>
internal sealed record ApiStarMetric(string MetricUuid, string Name, double SuccessThreshold, int SuccessThresholdPct);

/// <summary><c>apiEvaluationDataset</c>.</summary>
internal sealed record ApiEvaluationDataset
{
    public string? CreatedAt { get; init; }
    public string DatasetName { get; init; } = "";
    public string DatasetType { get; init; } = "EVALUATION_DATASET_TYPE_UNKNOWN";
    public string DatasetUuid { get; init; } = "";
    public string FileSize { get; init; } = "0";
    public bool HasGroundTruth { get; init; }
    public long RowCount { get; init; }
}

/// <summary><c>apiEvaluationTestCase</c>.</summary>
internal sealed record ApiEvaluationTestCase
{
    public string? ArchivedAt { get; init; }
    public string? CreatedAt { get; init; }
    public string CreatedByUserEmail { get; init; } = "";
    public string CreatedByUserId { get; init; } = "0";
    public ApiEvaluationDataset? Dataset { get; init; }
    public string DatasetName { get; init; } = "";
    public string DatasetUuid { get; init; } = "";
    public string Description { get; init; } = "";
    public int LatestVersionNumberOfRuns { get; init; }
    public IReadOnlyList<ApiEvaluationMetric> Metrics { get; init; } = [];
    public required string Name { get; init; }
    public ApiStarMetric? StarMetric { get; init; }
    public required string TestCaseUuid { get; init; }
    public int TotalRuns { get; init; }
    public string? UpdatedAt { get; init; }
    public string UpdatedByUserEmail { get; init; } = "";
    public string UpdatedByUserId { get; init; } = "0";
    public long Version { get; init; } = 1;
}

/// <summary><c>apiListEvaluationTestCasesOutput</c>.</summary>
internal sealed record ApiListEvaluationTestCasesOutput(IReadOnlyList<ApiEvaluationTestCase> EvaluationTestCases);

/// <summary><c>apiGetEvaluationTestCaseOutput</c>.</summary>
internal sealed record ApiGetEvaluationTestCaseOutput(ApiEvaluationTestCase EvaluationTestCase);

/// <summary><c>apiListEvaluationMetricsOutput</c>.</summary>
internal sealed record ApiListEvaluationMetricsOutput(IReadOnlyList<ApiEvaluationMetric> Metrics);

/// <summary>DigitalOcean's error body (<c>shared/models/error.yml</c>).</summary>
internal sealed record GradientError(string Id, string Message, string RequestId);
