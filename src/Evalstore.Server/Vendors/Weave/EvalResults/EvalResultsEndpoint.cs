using Evalstore.Core.Model;
using Evalstore.Server.Security;

namespace Evalstore.Server.Vendors.Weave;

/// <summary><c>POST /v2/{entity}/{project}/eval_results/query</c>: a POST that only reads.</summary>
internal static class EvalResultsEndpoint
{
    public static void MapEvalResults(this RouteGroupBuilder weave) =>
        weave.MapPost("/eval_results/query", QueryAsync).RequireRole(KeyRole.Read).WithName("WeaveEvalResultsQuery")
            .WithSummary("Grouped evaluation result rows (trials with outputs and scores) and scorer statistics for one or more runs.");

    private static async Task<EvalResultsAnswer> QueryAsync(string entity, string project, HttpRequest request, EvalResultsQuery query,
        ServerOptions options)
    {
        var body = await WeaveBody.ReadAsync(request, options.MaxJsonBytes, () => new EvalResultsBody());
        return await query.RunAsync(entity, project, body, request.HttpContext.RequestAborted);
    }
}
