using Evalstore.Server.Http;
using Evalstore.Server.Ui.Shared;

namespace Evalstore.Server.Ui;

/// <summary>The web UI's services and routes: server-rendered Razor components (static SSR), no client framework.</summary>
internal static class UiComposition
{
    public static IServiceCollection AddEvalstoreUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<IErrorPage, UiErrorPage>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "evalstore_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    public static WebApplication MapEvalstoreUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        return app;
    }
}
