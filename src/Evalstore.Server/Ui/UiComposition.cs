namespace Evalstore.Server.Ui;

/// <summary>The web UI's services and routes: server-rendered Razor components (static SSR), no client framework.</summary>
internal static class UiComposition
{
    public static IServiceCollection AddEvalstoreUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "evalstore_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Error statuses without a body on the UI's paths become an error page (the APIs keep problem details).</summary>
    public static WebApplication UseEvalstoreUiStatusPages(this WebApplication app)
    {
        app.UseWhen(context => UiRoutes.IsUiPath(context.Request.Path), ui => ui.UseStatusCodePages(UiErrorPage.WriteStatusAsync));
        return app;
    }

    public static WebApplication MapEvalstoreUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        return app;
    }

}
