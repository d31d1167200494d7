using System.Globalization;
using Evalstore.Server.Http;
using Evalstore.Server.Security;

namespace Evalstore.Server.Vendors.Gradient;

/// <summary>
/// Services of the DigitalOcean surface: its error body, the leading-slash fix its documented curl needs and the
/// <c>ratelimit-*</c> headers every DigitalOcean response declares.
/// </summary>
internal static class GradientRegistration
{
    public const string Prefix = "/v2/gen-ai";

    public static IServiceCollection AddGradient(this IServiceCollection services)
    {
        services.AddSingleton<IErrorFormat, GradientErrorFormat>();
        services.AddTransient<IStartupFilter, GradientRequests>();
        return services;
    }

    /// <summary>
    /// Runs before routing (a startup filter is the one place that precedes the routing WebApplication adds).
    /// DigitalOcean's documentation calls <c>https://api.digitalocean.com//v2/gen-ai/…</c> (two slashes), and its
    /// server answers that; routing never matches an empty segment, so <c>//v2/gen-ai</c> becomes <c>/v2/gen-ai</c>.
    /// Every response under the prefix, errors and 429s included, then carries the caller's rate-limit state.
    /// </summary>
    private sealed class GradientRequests(RequestRateLimiter limiter) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var path = context.Request.Path.Value;
                if (path is { Length: > 2 } && path[1] == '/')
                {
                    var trimmed = "/" + path.TrimStart('/');
                    if (trimmed.StartsWith(Prefix + "/", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Request.Path = trimmed;
                    }
                }
                if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.OnStarting(() =>
                    {
                        WriteRateLimit(context);
                        return Task.CompletedTask;
                    });
                }
                return nextMiddleware(context);
            });
            next(app);
        };

        // digitalocean/openapi 7c1300c4 shared/headers.yml: ratelimit-limit, ratelimit-remaining (integers) and
        // ratelimit-reset (Unix seconds). Evalstore's window is its per-key bucket of RequestsPerSecond per second.
        private void WriteRateLimit(HttpContext context)
        {
            var (limit, remaining, reset) = limiter.State(context);
            var headers = context.Response.Headers;
            headers["ratelimit-limit"] = limit.ToString(CultureInfo.InvariantCulture);
            headers["ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
        }
    }
}
