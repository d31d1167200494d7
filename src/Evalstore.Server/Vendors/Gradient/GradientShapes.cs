namespace Evalstore.Server.Vendors.Gradient;

// DigitalOcean's gen-ai wire shapes (digitalocean/openapi 7c1300c4, specification/resources/gen-ai/definitions.yml). The
// API is generated from protobuf: scalar fields are always written with their proto3 default ("", 0, false, []), so a
// script may index them without a KeyError; no field of the spec is nullable, so unset messages and timestamps are
// left out rather than written as null. uint64 fields are strings.

/// <summary><c>apiEvaluationRun</c>.</summary>
internal sealed record ApiEvaluationRun
{
    public bool AgentDeleted { get; init; }
    public string AgentDeploymentName { get; init; } = "";
    public string AgentName { get; init; } = "";
    public string AgentUuid { get; init; } = "";
    public string AgentVersionHash { get; init; } = "";
    public string AgentWorkspaceUuid { get; init; } = "";
    public string CreatedByUserEmail { get; init; } = "";
    public string CreatedByUserId { get; init; } = "0";
    public string ErrorDescription { get; init; } = "";
    public required string EvaluationRunUuid { get; init; }
    public string EvaluationTestCaseWorkspaceUuid { get; init; } = "";
    public string? FinishedAt { get; init; }
    public bool PassStatus { get; init; }
    public string? QueuedAt { get; init; }
    public IReadOnlyList<ApiEvaluationMetricResult> RunLevelMetricResults { get; init; } = [];
    public required string RunName { get; init; }
    public ApiEvaluationMetricResult? StarMetricResult { get; init; }
    public string? StartedAt { get; init; }
    public required string Status { get; init; }
    public string TestCaseDescription { get; init; } = "";
    public string TestCaseName { get; init; } = "";
    public string TestCaseUuid { get; init; } = "";
    public long TestCaseVersion { get; init; }
}

/// <summary><c>apiEvaluationMetricResult</c>.</summary>
internal sealed record ApiEvaluationMetricResult
{
    public string ErrorDescription { get; init; } = "";
    public required string MetricName { get; init; }
    public required string MetricUuid { get; init; }
    public required string MetricValueType { get; init; }
    public double NumberValue { get; init; }
    public string Reasoning { get; init; } = "";
    public required string Status { get; init; }
    public string StringValue { get; init; } = "";
}

/// <summary><c>apiPrompt</c>.</summary>
internal sealed record ApiPrompt
{
    public IReadOnlyList<object> EvaluationTraceSpans { get; init; } = [];
    public string GroundTruth { get; init; } = "";
    public string Input { get; init; } = "";
    public string InputTokens { get; init; } = "0";
    public string Output { get; init; } = "";
    public string OutputTokens { get; init; } = "0";
    public IReadOnlyList<ApiPromptChunk> PromptChunks { get; init; } = [];
    public required long PromptId { get; init; }
    public IReadOnlyList<ApiEvaluationMetricResult> PromptLevelMetricResults { get; init; } = [];
    public string TraceId { get; init; } = "";
}

/// <summary><c>apiPromptChunk</c>.</summary>
internal sealed record ApiPromptChunk
{
    public double ChunkUsagePct { get; init; }
    public bool ChunkUsed { get; init; }
    public string IndexUuid { get; init; } = "";
    public string SourceName { get; init; } = "";
    public string Text { get; init; } = "";
}

/// <summary><c>apiGetEvaluationRunResultsOutput</c>.</summary>
internal sealed record ApiGetEvaluationRunResultsOutput(
    ApiEvaluationRun EvaluationRun, ApiLinks Links, ApiMeta Meta, IReadOnlyList<ApiPrompt> Prompts);

/// <summary><c>apiLinks</c>: page URLs.</summary>
internal sealed record ApiLinks(ApiPages Pages);

/// <summary><c>apiPages</c>: absolute URLs of the pages that make sense (see <see cref="GradientPaging"/>).</summary>
internal sealed record ApiPages(string? First, string? Last, string? Next, string? Previous);

/// <summary><c>apiMeta</c>: current page, total pages, total prompts.</summary>
internal sealed record ApiMeta(long Page, long Pages, long Total);

/// <summary><c>apiGetEvaluationRunOutput</c>.</summary>
internal sealed record ApiGetEvaluationRunOutput(ApiEvaluationRun EvaluationRun);

/// <summary><c>apiGetEvaluationRunPromptResultsOutput</c>.</summary>
internal sealed record ApiGetEvaluationRunPromptResultsOutput(ApiPrompt Prompt);

/// <summary><c>apiListEvaluationRunsByTestCaseOutput</c>.</summary>
internal sealed record ApiListEvaluationRunsByTestCaseOutput(IReadOnlyList<ApiEvaluationRun> EvaluationRuns);

/// <summary><c>apiRunEvaluationTestCaseInputPublic</c>.</summary>
internal sealed record ApiRunEvaluationTestCaseInput
{
    public string? TestCaseUuid { get; init; }
    public IReadOnlyList<string>? AgentUuids { get; init; }
    public IReadOnlyList<string>? AgentDeploymentNames { get; init; }
    public string? RunName { get; init; }
}

/// <summary><c>apiRunEvaluationTestCaseOutput</c>.</summary>
internal sealed record ApiRunEvaluationTestCaseOutput(IReadOnlyList<string> EvaluationRunUuids);
