using System.Threading.RateLimiting;
using Evalstore.Core;
using Evalstore.Server.Http;

namespace Evalstore.Server.Security;

/// <summary>A token bucket per API key (or per client address without one); over the limit is a 429 problem.</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services, ServerOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await ErrorResponses.WriteAsync(context.HttpContext,
                    new EvalstoreException(
                        429, "Too many requests", $"More than {options.RequestsPerSecond} requests per second; retry after a second."));
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (options.RequestsPerSecond <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }
                var partition = context.Caller().Key?.Id ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerSecond,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }
}
