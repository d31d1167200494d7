using System.Text.Json;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Api;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// <c>evaluation_datasets</c> (list and presigned download) and <c>workspaces/{uuid}/evaluation_test_cases</c>.
/// A dataset is every result with the same dataset reference; its rows are the items of its latest result.
/// </summary>
internal static class GradientDatasetEndpoints
{
    private static readonly string[] s_datasetTypes =
        ["EVALUATION_DATASET_TYPE_UNKNOWN", "EVALUATION_DATASET_TYPE_ADK", "EVALUATION_DATASET_TYPE_NON_ADK",
            "EVALUATION_DATASET_TYPE_MODEL"];

    public static void MapDatasets(this RouteGroupBuilder genAi)
    {
        genAi.MapGet("/evaluation_datasets", ListAsync).WithName("GradientListEvaluationDatasets");
        genAi.MapGet("/evaluation_datasets/{datasetUuid}/download_url",
            DownloadUrlAsync).WithName("GradientGetEvaluationDatasetDownloadUrl");
        genAi.MapGet("/workspaces/{workspaceUuid}/evaluation_test_cases", TestCasesOfWorkspaceAsync)
            .WithName("GradientListEvaluationTestCasesByWorkspace");
    }

    private static async Task<JsonHttpResult<ApiListEvaluationDatasetsOutput>> ListAsync(HttpContext context, IServerStore store)
    {
        context.Request.RejectUnknownQuery(["dataset_type"]);
        var type = context.Request.Query["dataset_type"].ToString();
        if (type.Length > 0 && !s_datasetTypes.Contains(type))
        {
            throw EvalstoreException.BadRequest($"'dataset_type' does not accept '{type}'. Allowed: {string.Join(", ", s_datasetTypes)}.");
        }
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        var datasets = new List<ApiEvaluationDataset>();
        // Evalstore does not type its datasets: they are all UNKNOWN, which is also the filter's "any" default.
        if (type.Length == 0 || type == s_datasetTypes[0])
        {
            foreach (var runs in Datasets(workspace, results))
            {
                datasets.Add(await DatasetAsync(store, workspace, runs, context.RequestAborted));
            }
        }
        return GradientEndpoints.Json(new ApiListEvaluationDatasetsOutput(datasets));
    }

    private static async Task<JsonHttpResult<ApiDownloadUrlOutput>> DownloadUrlAsync(string datasetUuid, HttpContext context,
        IServerStore store,
        SignedUrls urls)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        var runs = Datasets(workspace, results).FirstOrDefault(g => string.Equals(g.Key, datasetUuid, StringComparison.OrdinalIgnoreCase))
            ?? throw EvalstoreException.NotFound($"Evaluation dataset '{datasetUuid}' was not found.");
        var (url, expires) = SignedDownloadEndpoints.DatasetLink(context.Request, urls, workspace, Latest(runs).Id);
        return GradientEndpoints.Json(new ApiDownloadUrlOutput(url, GradientJson.Time(expires)!));
    }

    /// <summary>The test cases of a workspace named by its UUID; only the caller's own workspace exists (404 otherwise).</summary>
    private static async Task<JsonHttpResult<ApiListEvaluationTestCasesByWorkspaceOutput>> TestCasesOfWorkspaceAsync(string workspaceUuid,
        HttpContext context, IServerStore store)
    {
        context.Request.RejectUnknownQuery([]);
        var workspace = GradientEndpoints.Workspace(context, KeyRole.Read);
        if (!string.Equals(GradientIds.Workspace(workspace), workspaceUuid, StringComparison.OrdinalIgnoreCase))
        {
            throw EvalstoreException.NotFound($"Workspace '{workspaceUuid}' was not found.");
        }
        var results = await GradientCatalog.AllResultsAsync(store, workspace, context.RequestAborted);
        return GradientEndpoints.Json(new ApiListEvaluationTestCasesByWorkspaceOutput(
            GradientCatalog.TestCases(workspace, results).Select(g => GradientCatalog.ToTestCase(workspace, g)).ToList()));
    }

    private static IEnumerable<IGrouping<string, ResultInfo>> Datasets(string workspace, IEnumerable<ResultInfo> results) =>
        results.Where(r => r.Dataset is not null && r.RowCount > 0)
            .GroupBy(r => GradientIds.For("dataset", workspace, r.Dataset!), StringComparer.Ordinal);

    private static ResultInfo Latest(IEnumerable<ResultInfo> runs) => runs.MaxBy(r => r.CreatedAt)!;

    // Ground truth is known when the latest result's first item has a reference (or the result maps one by label).
    private static async Task<ApiEvaluationDataset> DatasetAsync(IServerStore store, string workspace, IGrouping<string, ResultInfo> runs,
        CancellationToken cancellationToken)
    {
        var latest = Latest(runs);
        var groundTruth = PromptFields.For(latest).GroundTruth;
        var hasGroundTruth = false;
        await foreach (var row in store.ReadRowsAsync(workspace, latest.Id, new RowQuery { Limit = 1 }, cancellationToken))
        {
            using var document = row.Parse();
            hasGroundTruth = PromptFields.Resolve(document.RootElement, groundTruth) is { ValueKind: not JsonValueKind.Null };
        }
        return new ApiEvaluationDataset
        {
            CreatedAt = GradientJson.Time(runs.Min(r => r.CreatedAt)),
            DatasetName = latest.Dataset!,
            DatasetUuid = runs.Key,
            HasGroundTruth = hasGroundTruth,
            RowCount = latest.ItemCount,
        };
    }
}
