using Evalstore.Core.Json;
using Evalstore.Core.Stores;
using Evalstore.Server.Analysis;
using Evalstore.Server.Api;
using Evalstore.Server.Http;
using Evalstore.Server.Security;
using Evalstore.Server.Storage;
using Evalstore.Server.Telemetry;
using Evalstore.Server.Ui;
using Evalstore.Server.Vendors.Gradient;
using Evalstore.Server.Vendors.NeMo;
using Evalstore.Server.Vendors.Weave;

namespace Evalstore.Server.Hosting;

/// <summary>Service registration, middleware order and route map of the whole server, in one readable place.</summary>
internal static class EvalstoreComposition
{
    public static IServiceCollection AddEvalstore(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Store);
        services.AddSingleton<IEvalStore>(options.Store);
        services.AddSingleton(options.Clock);
        services.AddSingleton<HeavyWorkGate>();
        services.AddSingleton<IEvalAnalysis>(provider =>
            new BoundedAnalysis(new EvalAnalysis(options.Store), provider.GetRequiredService<HeavyWorkGate>()));
        services.AddSingleton<KeyPresence>();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<UiSessions>();
        services.ConfigureHttpJsonOptions(json => EvalstoreJson.Configure(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi("v1");
        services.AddHttpClient("judge");
        services.AddRequestRateLimiting(options);
        services.AddSingleton<SignedUrls>();
        services.AddGradient();
        services.AddNeMo();
        services.AddWeave();
        services.AddEvalstoreUi();
        services.AddEvalstoreCompression();
        return services;
    }

    public static WebApplication UseEvalstore(this WebApplication app)
    {
        // First, so that error pages and problem details are compressed too.
        app.UseEvalstoreCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorResponses.WriteStatusAsync);
        app.UseMiddleware<ApiKeyAuthentication>();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapEvalstore(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapMetrics();
        app.MapWhoAmI();
        var workspace = app.MapGroup("/api/v1/workspaces/{workspace}").WithWorkspaceAccess();
        workspace.MapResults();
        workspace.MapRows();
        workspace.MapKeys();
        workspace.MapPrune();
        workspace.MapAnalysis();
        workspace.MapItemAnalysis();
        workspace.MapJobs();
        workspace.MapExports();
        workspace.MapFormatImports();
        app.MapTransfer(workspace);
        app.MapSignedDownloads();
        app.MapGradient();
        app.MapNeMo();
        app.MapWeave();
        app.MapEvalstoreUi();
        return app;
    }
}
