using Evalstore.Core;
using Evalstore.Core.Items;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>Item analysis: which items of a dataset are hard, easy, unstable or carry a suspect reference.</summary>
internal static class ItemEndpoints
{
    private static readonly string[] s_parameters = ["dataset", "project", "score", "flag", "sort", "after", "limit"];

    public static void MapItemAnalysis(this RouteGroupBuilder workspace) =>
        workspace.MapGet("/items", ItemsAsync).WithTags("Analysis").WithName("ItemAnalysis")
            .WithSummary("Per item over the latest completed result of each model on a dataset: solve rate, failing models, "
                + "point-biserial discrimination and flags (suspect_reference, all_fail, all_pass, unstable); keyset paged.")
            .ProducesProblem(400).ProducesProblem(404);

    private static async Task<Ok<ItemAnalysisReport>> ItemsAsync(string workspace, HttpRequest request, IEvalAnalysis analysis)
    {
        request.RejectUnknownQuery(s_parameters);
        string? Get(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        var items = new ItemAnalysisRequest
        {
            Dataset = Get("dataset") ?? throw EvalstoreException.BadRequest("'dataset' is required: item analysis runs over one dataset."),
            Project = Get("project"),
            Score = Get("score"),
            Flags = ItemFlags.Parse(request.Query["flag"]),
            Sort = Get("sort") ?? "solve_rate",
            After = Get("after"),
            Limit = request.QueryInt("limit", 1, ItemAnalysisRequest.MaxLimit) ?? 50,
        };
        return TypedResults.Ok(await analysis.ItemsAsync(workspace, items, request.HttpContext.RequestAborted));
    }
}
