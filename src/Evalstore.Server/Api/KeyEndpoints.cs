using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Api;

/// <summary>API keys of a workspace (admin role), and "who am I" for any caller.</summary>
internal static class KeyEndpoints
{
    public static void MapKeys(this RouteGroupBuilder workspace)
    {
        var keys = workspace.MapGroup("/keys").WithTags("Keys").RequireRole(KeyRole.Admin);
        keys.MapPost("/", CreateAsync).WithName("CreateKey").WithSummary("Create a key; its secret is shown once.").ProducesProblem(400);
        keys.MapGet("/", ListAsync).WithName("ListKeys").WithSummary("List the workspace's keys (no secrets).");
        keys.MapDelete("/{keyId}", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke a key.").ProducesProblem(404);
    }

    public static void MapWhoAmI(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/whoami", (HttpContext context) => TypedResults.Ok(WhoAmI.Of(context.Caller())))
            .WithTags("Keys").WithName("WhoAmI").WithSummary("The caller's workspace and role.");

    private static async Task<Created<CreatedApiKey>> CreateAsync(
        string workspace, HttpRequest request, IServerStore store, ServerOptions options)
    {
        var body = await request.ReadJsonAsync<CreateKeyRequest>(options.MaxJsonBytes);
        var created = await store.CreateKeyAsync(workspace, body.Role, body.Description, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/keys/{created.Key.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListAsync(
        string workspace, IServerStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListKeysAsync(workspace, cancellationToken));

    private static async Task<NoContent> RevokeAsync(
        string workspace, string keyId, IServerStore store, CancellationToken cancellationToken) =>
        await store.RevokeKeyAsync(workspace, keyId, cancellationToken)
            ? TypedResults.NoContent()
            : throw EvalstoreException.NotFound($"No live key '{keyId}' in workspace '{workspace}'.");
}

/// <summary>Body of <c>POST …/keys</c>.</summary>
internal sealed record CreateKeyRequest(KeyRole Role, string? Description);

/// <summary>Who the caller is.</summary>
internal sealed record WhoAmI(bool Authenticated, string Workspace, KeyRole Role, string? KeyId)
{
    public static WhoAmI Of(Caller caller) => caller.Key is { } key
        ? new WhoAmI(true, key.Workspace, key.Role, key.Id)
        : new WhoAmI(false, Names.DefaultWorkspace, KeyRole.Admin, null);
}
