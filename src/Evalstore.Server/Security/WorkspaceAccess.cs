using Evalstore.Core.Model;

namespace Evalstore.Server.Security;

/// <summary>Endpoint metadata: the role a route needs when the HTTP method alone does not say it.</summary>
internal sealed record RequiresRole(KeyRole Role);

/// <summary>
/// Checks, for every route with a <c>{workspace}</c> (or Weave's <c>{entity}</c>) segment, that the caller may use that
/// workspace: the name is valid, reads need the read role, writes the write role, unless the route declares otherwise.
/// </summary>
internal sealed class WorkspaceAccess : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var workspace = http.GetRouteValue("workspace") as string ?? http.GetRouteValue("entity") as string;
        if (workspace is not null)
        {
            // Every route checks the name, reads included: '../default' or a 5,000-character name is a 400 everywhere,
            // never an empty workspace on one route and an error on another.
            Names.Workspace(workspace);
            var role = http.GetEndpoint()?.Metadata.GetMetadata<RequiresRole>()?.Role
                ?? (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? KeyRole.Read : KeyRole.Write);
            http.Caller().Demand(workspace, role);
        }
        return await next(context);
    }
}

/// <summary>Route builder helpers for access rules.</summary>
internal static class WorkspaceAccessExtensions
{
    public static TBuilder WithWorkspaceAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, WorkspaceAccess>();

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, KeyRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresRole(role));
}
