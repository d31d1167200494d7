using Evalstore.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// The v2 object reads export scripts call beside the evaluation API: <c>scorers</c> and <c>datasets</c>, each a
/// JSONL list and a read of one version (<c>{object_id}/versions/{digest}</c>, <c>latest</c> for the newest).
/// </summary>
internal static class WeaveObjectEndpoints
{
    public static void MapObjects(this RouteGroupBuilder weave)
    {
        weave.MapGet("/scorers", ListScorers).WithName("WeaveScorerList").WithSummary("List the project's scorers as JSONL.");
        weave.MapGet("/scorers/{objectId}/versions/{digest}",
            ReadScorerAsync).WithName("WeaveScorerRead").WithSummary("Read a scorer version.");
        weave.MapGet("/datasets", ListDatasets).WithName("WeaveDatasetList").WithSummary("List the project's datasets as JSONL.");
        weave.MapGet("/datasets/{objectId}/versions/{digest}",
            ReadDatasetAsync).WithName("WeaveDatasetRead").WithSummary("Read a dataset version.");
    }

    private static JsonLinesResult<ScorerRead> ListScorers(string entity, string project, HttpRequest request, WeaveObjects objects) =>
        new(Page(() => objects.ScorersAsync(entity, project, request.HttpContext.RequestAborted), request.NonNegative("offset") ?? 0,
            request.NonNegative("limit")));

    private static JsonLinesResult<DatasetRead> ListDatasets(string entity, string project, HttpRequest request, WeaveObjects objects) =>
        new(Page(() => objects.DatasetsAsync(entity, project, request.HttpContext.RequestAborted), request.NonNegative("offset") ?? 0,
            request.NonNegative("limit")));

    private static async Task<JsonHttpResult<ScorerRead>> ReadScorerAsync(string entity, string project, string objectId, string digest,
        WeaveObjects objects, CancellationToken cancellationToken)
    {
        var versions = await objects.ScorersAsync(entity, project, cancellationToken);
        var found = WeaveObjects.Version(versions, v => v.ObjectId, v => v.Digest, objectId, digest)
            ?? throw EvalstoreException.NotFound($"Scorer {objectId}:{digest} not found");
        return TypedResults.Json(found, WeaveJson.Options);
    }

    private static async Task<JsonHttpResult<DatasetRead>> ReadDatasetAsync(string entity, string project, string objectId, string digest,
        WeaveObjects objects, CancellationToken cancellationToken)
    {
        var versions = await objects.DatasetsAsync(entity, project, cancellationToken);
        var found = WeaveObjects.Version(versions, v => v.ObjectId, v => v.Digest, objectId, digest)
            ?? throw EvalstoreException.NotFound($"Dataset {objectId}:{digest} not found");
        return TypedResults.Json(found, WeaveJson.Options);
    }

    // limit and offset as on the other lists (read before the response starts, so a bad one is a 422).
    private static async IAsyncEnumerable<T> Page<T>(Func<Task<List<T>>> all, long offset, long? limit)
    {
        foreach (var item in (await all()).Skip((int)Math.Min(offset, int.MaxValue)).Take((int)Math.Min(limit ?? long.MaxValue,
            int.MaxValue)))
        {
            yield return item;
        }
    }
}
