using System.Globalization;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Model;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Maps a result to DigitalOcean's <c>apiEvaluationRun</c>. Agent and test case come from the result's model and
/// evaluation (else benchmark, else metric) reference; labels prefixed <c>gradient.</c> override what DigitalOcean
/// knows and Evalstore does not (<c>gradient.run_name</c>, <c>gradient.agent_uuid</c>, <c>gradient.test_case_version</c>…).
/// </summary>
internal static class GradientRuns
{
    public const string LabelPrefix = "gradient.";

    public static ApiEvaluationRun ToRun(ResultInfo result)
    {
        var workspaceUuid = GradientIds.Workspace(result.Workspace);
        var testCase = TestCaseReference(result);
        var createdBy = result.CreatedBy ?? "";
        return new ApiEvaluationRun
        {
            AgentDeploymentName = Label(result, "agent_deployment_name") ?? "",
            AgentName = result.Model ?? "",
            AgentUuid = Label(result, "agent_uuid")
                ?? (result.Model is null ? "" : GradientIds.For("agent", result.Workspace, result.Model)),
            AgentVersionHash = Label(result, "agent_version_hash") ?? "",
            AgentWorkspaceUuid = workspaceUuid,
            CreatedByUserEmail = createdBy.Contains('@', StringComparison.Ordinal) ? createdBy : "",
            CreatedByUserId = createdBy.Length > 0 && createdBy.All(char.IsAsciiDigit) ? createdBy : "0",
            ErrorDescription = result.ErrorDescription ?? "",
            EvaluationRunUuid = result.Id.ToString(),
            EvaluationTestCaseWorkspaceUuid = workspaceUuid,
            FinishedAt = GradientJson.Time(result.FinishedAt),
            PassStatus = result.PassStatus ?? false,
            QueuedAt = GradientJson.Time(result.QueuedAt ?? result.CreatedAt),
            RunLevelMetricResults = result.Scores.Select(a => GradientMetrics.RunLevel(result.Workspace, a)).ToList(),
            RunName = Label(result, "run_name") ?? result.Name,
            StarMetricResult = StarResult(result),
            StartedAt = GradientJson.Time(result.StartedAt ?? result.CreatedAt),
            Status = Status(result.Status),
            TestCaseDescription = Label(result, "test_case_description") ?? "",
            TestCaseName = testCase ?? "",
            TestCaseUuid = testCase is null ? "" : GradientIds.For("test-case", result.Workspace, testCase),
            TestCaseVersion = testCase is null ? 0 : TestCaseVersion(result),
        };
    }

    /// <summary>running, completed and failed as DigitalOcean's irregular status names.</summary>
    public static string Status(ResultStatus status) => status switch
    {
        ResultStatus.Running => "EVALUATION_RUN_RUNNING_DATASET",
        ResultStatus.Completed => "EVALUATION_RUN_SUCCESSFUL",
        ResultStatus.Failed => "EVALUATION_RUN_FAILED",
        _ => "EVALUATION_RUN_STATUS_UNSPECIFIED",
    };

    /// <summary>The reference a result's test case is named by: evaluation, else benchmark, else metric.</summary>
    public static string? TestCaseReference(ResultInfo result) => result.Evaluation ?? result.Benchmark ?? result.Metric;

    /// <summary><c>gradient.test_case_version</c> when it is a positive integer, else 1.</summary>
    public static long TestCaseVersion(ResultInfo result) =>
        long.TryParse(Label(result, "test_case_version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version : 1;

    /// <summary>A <c>gradient.&lt;name&gt;</c> label, or null.</summary>
    public static string? Label(ResultInfo result, string name) =>
        result.Labels.TryGetValue(LabelPrefix + name, out var value) && value.Length > 0 ? value : null;

    private static ApiEvaluationMetricResult? StarResult(ResultInfo result)
    {
        if (result.StarMetric is not { } star)
        {
            return null;
        }
        var aggregate = PassStatus.Find(star, result.Scores);
        if (aggregate is null)
        {
            var name = GradientMetrics.Name(star.Metric, star.Score ?? star.Metric);
            return new ApiEvaluationMetricResult
            {
                MetricName = name,
                MetricUuid = GradientMetrics.Uuid(result.Workspace, name),
                MetricValueType = "METRIC_VALUE_TYPE_NUMBER",
                Status = result.Status == ResultStatus.Running ? "EVALUATION_METRIC_RESULT_STATUS_UNSPECIFIED"
                    : "EVALUATION_METRIC_RESULT_STATUS_FAILED",
                ErrorDescription = result.Status == ResultStatus.Running ? "" : $"The star metric '{name}' has no scores in this run.",
            };
        }
        return GradientMetrics.Star(result.Workspace, aggregate, star, result.PassStatus ?? false);
    }
}
