using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>Retention (admin role): <c>POST …/prune?older_than=90d&amp;keep_latest_per=model,dataset&amp;dry_run=true</c>.</summary>
internal static class PruneEndpoints
{
    private static readonly string[] s_parameters = ["older_than", "keep_latest_per", "dry_run"];

    public static void MapPrune(this RouteGroupBuilder workspace) =>
        workspace.MapPost("/prune", PruneAsync).WithTags("Results").RequireRole(KeyRole.Admin).WithName("PruneResults")
            .WithSummary("Delete finished results older than an age, keeping the latest per group; dry_run only counts.")
            .ProducesProblem(400);

    private static async Task<Ok<PruneReport>> PruneAsync(string workspace, HttpRequest request, IServerStore store,
        ServerOptions options)
    {
        request.RejectUnknownQuery(s_parameters);
        var age = request.Query["older_than"].ToString() is { Length: > 0 } text
            ? PruneRequest.ParseAge(text)
            : throw EvalstoreException.BadRequest("'older_than' is required, e.g. older_than=90d.");
        var prune = new PruneRequest
        {
            Before = options.Clock.GetUtcNow() - age,
            KeepLatestPer = PruneRequest.ParseGroups(request.Query["keep_latest_per"].ToString()),
            DryRun = request.QueryBool("dry_run"),
        };
        return TypedResults.Ok(await store.PruneAsync(workspace, prune, request.HttpContext.RequestAborted));
    }
}
