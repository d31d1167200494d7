using System.Text;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>
/// Admin-only endpoints that let <c>evalstore copy --from-server … --to-server …</c> move a whole store through the API
/// with the same engine as a database copy: workspaces, keys with their hashes (never a secret), side documents, and a
/// result written with its original id, status and timestamps in one transaction. A key reaches its own workspace only;
/// a keyless loopback server's caller reaches every workspace.
/// </summary>
internal static class TransferEndpoints
{
    public static void MapTransfer(this IEndpointRouteBuilder app, RouteGroupBuilder workspace)
    {
        var server = app.MapGroup("/api/v1/transfer").WithTags("Transfer");
        server.MapGet("/workspaces", ListWorkspacesAsync).WithName("ListTransferWorkspaces")
            .WithSummary("The workspaces this caller can copy (admin): its key's, or all on a keyless loopback server.");
        server.MapGet("/keys", ReadKeysAsync).WithName("ReadTransferKeys")
            .WithSummary("API keys with their hashes, revoked ones included (admin; never a secret).");
        server.MapPut("/keys", PutKeysAsync).WithName("PutTransferKeys")
            .WithSummary("Store keys as they are, with their ids and hashes (admin of each key's workspace).").ProducesProblem(409);
        var results = workspace.MapGroup("/transfer/results/{result}").WithTags("Transfer").RequireRole(KeyRole.Admin);
        results.MapGet("/documents", ReadDocumentsAsync).WithName("ReadTransferDocuments")
            .WithSummary("A result's side documents (admin).").ProducesProblem(404);
        results.MapPut("/", PutResultAsync).WithName("PutTransferResult")
            .WithSummary("Write a result with its original id, status and timestamps: a 'result' JSON part, then its 'rows' (admin).")
            .ProducesProblem(400).ProducesProblem(409);
    }

    private static async Task<Ok<IReadOnlyList<string>>> ListWorkspacesAsync(HttpContext context, IServerStore store) =>
        TypedResults.Ok(context.Caller().Key is { } key
            ? [AdminWorkspace(key)]
            : await Transfer(store).ListWorkspacesAsync(context.RequestAborted));

    private static async Task<Ok<IReadOnlyList<StoredApiKey>>> ReadKeysAsync(HttpContext context, IServerStore store)
    {
        var keys = await Transfer(store).ReadKeysAsync(context.RequestAborted);
        return TypedResults.Ok(context.Caller().Key is { } key
            ? [.. keys.Where(k => k.Workspace == AdminWorkspace(key))]
            : keys);
    }

    private static async Task<Ok<PutKeysOutcome>> PutKeysAsync(HttpContext context, IServerStore store, ServerOptions options)
    {
        if (context.Caller().Key is { } caller)
        {
            AdminWorkspace(caller); // the role first, before the body says anything
        }
        var keys = await context.Request.ReadJsonAsync<List<StoredApiKey>>(options.MaxJsonBytes);
        // Every key is checked before any is written: a key of another workspace is a 404, as on every scoped route.
        foreach (var key in keys)
        {
            Names.Workspace(key.Workspace);
            if (!Enum.TryParse<KeyRole>(key.Role, ignoreCase: true, out _) || key.Hash is not { Length: > 0 } || key.Id.Length == 0)
            {
                throw EvalstoreException.BadRequest($"Key '{key.Id}' needs an id, a known role and a hash.");
            }
            context.Caller().Demand(key.Workspace, KeyRole.Admin);
        }
        var changed = await Transfer(store).PutKeysAsync(keys, context.RequestAborted);
        return TypedResults.Ok(new PutKeysOutcome(keys.Count, changed));
    }

    private static async Task<Ok<List<TransferDocument>>> ReadDocumentsAsync(
        string workspace, string result, IServerStore store, CancellationToken cancellationToken)
    {
        var info = await store.RequireResultAsync(workspace, result, cancellationToken);
        var documents = new List<TransferDocument>();
        await foreach (var document in store.ListDocumentsAsync(workspace, info.Id, "", cancellationToken))
        {
            documents.Add(new TransferDocument(document.Key, Encoding.UTF8.GetString(document.Json.Span)));
        }
        return TypedResults.Ok(documents);
    }

    private static async Task<Ok<ResultInfo>> PutResultAsync(
        string workspace, string result, HttpRequest request, IServerStore store, ServerOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (transfer, body) = await ImportBody.ReadPartsAsync<TransferResult>(request, "result", options, cancellationToken);
        var original = transfer.Result with { Workspace = workspace };
        if (!Guid.TryParse(result, out var id) || id != original.Id)
        {
            throw EvalstoreException.BadRequest($"The route names result '{result}', the 'result' part {original.Id}.");
        }
        var documents = transfer.Documents.Select(d => new ResultDocument(ResultDocument.CheckKey(d.Key), Encoding.UTF8.GetBytes(d.Json)))
            .ToList();
        // An empty result (created, no rows yet) is copied too, so no RequireRows here.
        var rows = JsonlRows.ReadAsync(body, new RowParser(original.Metrics), options.MaxLineBytes, cancellationToken);
        return TypedResults.Ok(await Transfer(store).PutResultAsync(original, rows, documents, cancellationToken));
    }

    /// <summary>The workspace an admin key may copy; a lower role is a 403.</summary>
    private static string AdminWorkspace(ApiKeyInfo key)
    {
        new Caller(key).Demand(key.Workspace, KeyRole.Admin);
        return key.Workspace;
    }

    private static IStoreTransfer Transfer(IServerStore store) => store as IStoreTransfer
        ?? throw new EvalstoreException(501, "Not implemented", "This server's store cannot be copied through the API.");
}

/// <summary>Answer of <c>PUT /api/v1/transfer/keys</c>: how many keys were sent and how many were new or changed.</summary>
internal sealed record PutKeysOutcome(int Keys, int Changed);
