using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>Services of the DigitalOcean surface: its error body and the leading-slash fix its documented curl needs.</summary>
internal static class GradientRegistration
{
    public static IServiceCollection AddGradient(this IServiceCollection services)
    {
        services.AddSingleton<IErrorFormat, GradientErrorFormat>();
        services.AddTransient<IStartupFilter, LeadingSlashes>();
        return services;
    }

    /// <summary>
    /// DigitalOcean's documentation calls <c>https://api.digitalocean.com//v2/gen-ai/…</c> (two slashes), and its server
    /// answers that. Routing never matches an empty segment, so <c>//v2/gen-ai</c> is made <c>/v2/gen-ai</c> before
    /// routing runs; a startup filter is the one place that precedes the routing WebApplication adds.
    /// </summary>
    private sealed class LeadingSlashes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var path = context.Request.Path.Value;
                if (path is { Length: > 2 } && path[1] == '/')
                {
                    var trimmed = "/" + path.TrimStart('/');
                    if (trimmed.StartsWith("/v2/gen-ai/", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Request.Path = trimmed;
                    }
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
