using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Http;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>Test cases, metrics and starting runs (which records running results for rows to be appended natively).</summary>
internal static class GradientCatalogEndpoints
{
    private static readonly string[] s_versionParameter = ["evaluation_test_case_version"];

    public static async Task<JsonHttpResult<ApiListEvaluationTestCasesOutput>> ListTestCasesAsync(HttpContext context, IServerStore store)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        var testCases = GradientCatalog.TestCases(workspace, results).Select(g => GradientCatalog.ToTestCase(workspace, g)).ToList();
        return GradientEndpoints.Json(new ApiListEvaluationTestCasesOutput(testCases));
    }

    public static async Task<JsonHttpResult<ApiGetEvaluationTestCaseOutput>> GetTestCaseAsync(
        string testCaseUuid, HttpContext context, IServerStore store)
    {
        var runs = await RunsOfAsync(testCaseUuid, context, store);
        return GradientEndpoints.Json(new ApiGetEvaluationTestCaseOutput(GradientCatalog.ToTestCase(runs.Workspace, runs.Group)));
    }

    public static async Task<JsonHttpResult<ApiListEvaluationRunsByTestCaseOutput>> ListRunsByTestCaseAsync(
        string testCaseUuid, HttpContext context,
        IServerStore store)
    {
        var runs = await RunsOfAsync(testCaseUuid, context, store);
        return GradientEndpoints.Json(new ApiListEvaluationRunsByTestCaseOutput(
            runs.Group.OrderByDescending(r => r.CreatedAt).Select(GradientRuns.ToRun).ToList()));
    }

    public static async Task<JsonHttpResult<ApiListEvaluationMetricsOutput>> ListMetricsAsync(HttpContext context, IServerStore store)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        return GradientEndpoints.Json(new ApiListEvaluationMetricsOutput(GradientCatalog.Metrics(workspace, results)));
    }

    /// <summary>
    /// Records one running result per agent (UUID or deployment name), tied to the test case, and returns their UUIDs.
    /// Rows are then appended and the run completed through the native API (<c>/api/v1/…/results/{uuid}/rows</c>).
    /// </summary>
    public static async Task<JsonHttpResult<ApiRunEvaluationTestCaseOutput>> RunTestCaseAsync(
        HttpContext context, IServerStore store, ServerOptions options)
    {
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Write);
        var now = options.Clock.GetUtcNow();
        var body = await context.Request.ReadJsonAsync<ApiRunEvaluationTestCaseInput>(options.MaxJsonBytes, GradientJson.ReadOptions);
        if (string.IsNullOrWhiteSpace(body.TestCaseUuid))
        {
            throw EvalstoreException.BadRequest("'test_case_uuid' is required.");
        }
        var agents = (body.AgentUuids ?? []).Select(a => (Agent: a, Label: "agent_uuid"))
            .Concat((body.AgentDeploymentNames ?? []).Select(a => (Agent: a, Label: "agent_deployment_name")))
            .Where(a => !string.IsNullOrWhiteSpace(a.Agent)).ToList();
        if (agents.Count == 0)
        {
            throw EvalstoreException.BadRequest("Give at least one agent in 'agent_uuids' or 'agent_deployment_names'.");
        }
        // A known test case lends its reference, declarations and star metric, so the new runs group and pass like the old.
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        var template =
            GradientCatalog.TestCases(workspace, results).FirstOrDefault(g => g.Key == body.TestCaseUuid.Trim())?.MaxBy(r => r.CreatedAt);
        var runName = string.IsNullOrWhiteSpace(body.RunName) ? "evaluation-run" : body.RunName.Trim();
        var uuids = new List<string>();
        foreach (var (agent, label) in agents)
        {
            var labels = new Dictionary<string, string>
            {
                [GradientRuns.LabelPrefix + "run_name"] = runName,
                [GradientRuns.LabelPrefix + label] = agent,
            };
            var spec = new RunSpec
            {
                Name = ResultName(runName, agents.Count > 1 ? agent : null),
                Kind = ResultKind.Evaluation,
                Evaluation = template is null ? body.TestCaseUuid.Trim() : GradientRuns.TestCaseReference(template),
                Dataset = template?.Dataset,
                Model = agent,
                Labels = labels,
                Metrics = template?.Metrics,
                StarMetric = template?.StarMetric,
                QueuedAt = now,
                StartedAt = now,
            };
            uuids.Add((await CreateWithFreeNameAsync(store, workspace, spec, context.RequestAborted)).Id.ToString());
        }
        return GradientEndpoints.Json(new ApiRunEvaluationTestCaseOutput(uuids));
    }

    private static async Task<(string Workspace, IGrouping<string, ResultInfo> Group)> RunsOfAsync(string testCaseUuid, HttpContext context,
        IServerStore store)
    {
        context.Request.RejectUnknownQuery(s_versionParameter);
        var version = context.Request.QueryLong("evaluation_test_case_version");
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        var group = GradientCatalog.TestCases(
            workspace, results.Where(r => version is null or 0 || GradientRuns.TestCaseVersion(r) == version))
            .FirstOrDefault(g => string.Equals(g.Key, testCaseUuid, StringComparison.OrdinalIgnoreCase));
        return group is null
            ? throw EvalstoreException.NotFound(
                $"Evaluation test case '{testCaseUuid}'{(version is null ? "" : $" version {version}")} was not found.")
            : (workspace, group);
    }

    // Result names are unique per workspace while DigitalOcean run names are not: the run name is kept in a label and
    // the result takes the first free of "name" and "name-<8 hex>".
    private static async Task<ResultInfo> CreateWithFreeNameAsync(
        IServerStore store, string workspace, RunSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            return await store.CreateResultAsync(workspace, spec, cancellationToken);
        }
        catch (EvalstoreException e) when (e.Status == 409)
        {
            return await store.CreateResultAsync(
                workspace, spec with { Name = $"{spec.Name}-{Guid.NewGuid().ToString("N")[..8]}" }, cancellationToken);
        }
    }

    private static string ResultName(string runName, string? agent)
    {
        var name = agent is null ? runName : $"{runName} [{agent}]";
        name = new string(name.Select(c => c == '/' || char.IsControl(c) ? '-' : c).ToArray()).Trim();
        return name.Length > 180 ? name[..180].Trim() : name;
    }
}
