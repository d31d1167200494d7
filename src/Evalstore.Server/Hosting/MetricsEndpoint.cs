using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Security;
using Evalstore.Server.Telemetry;

namespace Evalstore.Server.Hosting;

/// <summary>
/// The Prometheus scrape endpoint. It lives with the composition, not in Telemetry, because it needs the caller's key:
/// Telemetry is used by the security and HTTP layers and must not depend on them.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>Maps <c>GET /metrics</c>: open on a keyless loopback server, otherwise for admin keys only.</summary>
    public static void MapMetrics(this WebApplication app) =>
        app.MapGet("/metrics", async (HttpContext context, MetricsScrape scrape, IEnumerable<IHostedService> services) =>
        {
            if (context.Caller().Key is { Role: < KeyRole.Admin } key)
            {
                throw EvalstoreException.Forbidden(
                    $"This key has the '{key.Role.ToString().ToLowerInvariant()}' role; the server's metrics need an admin key.");
            }
            foreach (var gauge in services.OfType<StoreSizeGauge>())
            {
                await gauge.RefreshAsync(context.RequestAborted);
            }
            return TypedResults.Text(scrape.Collect(), PrometheusText.ContentType);
        }).ExcludeFromDescription();
}
