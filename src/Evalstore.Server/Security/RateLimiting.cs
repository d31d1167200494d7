using System.Threading.RateLimiting;
using Evalstore.Core;
using Evalstore.Server.Http;

namespace Evalstore.Server.Security;

/// <summary>A token bucket per API key (or per client address without one); over the limit is a 429 problem.</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services, ServerOptions options)
    {
        var limiter = new RequestRateLimiter(options);
        services.AddSingleton(limiter);
        services.AddRateLimiter(rateLimiter =>
        {
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = async (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await ErrorResponses.WriteAsync(context.HttpContext,
                    new EvalstoreException(429, "Too many requests",
                        $"More than {options.RequestsPerSecond} requests per second; retry after a second."));
            };
            rateLimiter.GlobalLimiter = limiter.Limiter;
        });
        return services;
    }
}

/// <summary>
/// The server's one request limiter, kept as a service so that a surface can report its state to the caller
/// (DigitalOcean's <c>ratelimit-*</c> headers) from the same buckets that decide the 429s.
/// </summary>
internal sealed class RequestRateLimiter
{
    private readonly TimeProvider _clock;

    public RequestRateLimiter(ServerOptions options)
    {
        _clock = options.Clock;
        RequestsPerSecond = options.RequestsPerSecond;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (RequestsPerSecond <= 0)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }
            return RateLimitPartition.GetTokenBucketLimiter(Partition(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = RequestsPerSecond,
                TokensPerPeriod = RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    /// <summary>Requests per second per key; 0 or less means no limit.</summary>
    public int RequestsPerSecond { get; }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>The caller's bucket: its limit, the requests left in it now, and when it refills (Unix seconds).</summary>
    public (int Limit, long Remaining, long ResetUnixSeconds) State(HttpContext context)
    {
        var now = _clock.GetUtcNow();
        // Buckets refill every second, so the oldest request counted stops counting at the next whole second.
        var reset = now.ToUnixTimeSeconds() + 1;
        if (RequestsPerSecond <= 0)
        {
            return (int.MaxValue, int.MaxValue, reset);
        }
        var available = Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? RequestsPerSecond;
        return (RequestsPerSecond, Math.Clamp(available, 0, RequestsPerSecond), reset);
    }

    private static string Partition(HttpContext context) =>
        context.Caller().Key?.Id ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
