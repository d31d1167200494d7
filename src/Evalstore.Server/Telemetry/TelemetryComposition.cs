using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Evalstore.Server.Telemetry;

/// <summary>
/// Traces and metrics: ASP.NET Core's and Evalstore's own, always readable at <c>/metrics</c>, and pushed over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The exporter reads the standard <c>OTEL_*</c> variables itself
/// (protocol, headers, timeouts, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>), from the environment or
/// from any other configuration source of the host.
/// </summary>
internal static class TelemetryComposition
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddEvalstoreTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var scrape = new MetricsScrape();
        services.AddSingleton(scrape);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "evalstore",
                serviceVersion: typeof(TelemetryComposition).Assembly.GetName().Version?.ToString(3)))
            .WithTracing(tracing =>
            {
                tracing.AddSource(EvalstoreTelemetry.Name).AddAspNetCoreInstrumentation(aspNetCore =>
                    // Health probes and scrapes would otherwise be most of the traces of a quiet server.
                    aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/healthz")
                        && !context.Request.Path.StartsWithSegments("/metrics"));
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EvalstoreTelemetry.Name).AddAspNetCoreInstrumentation().AddReader(scrape.Reader);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
