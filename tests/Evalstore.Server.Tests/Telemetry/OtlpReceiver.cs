using System.Collections.Concurrent;
using Evalstore.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evalstore.Server.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP receiver on a free loopback port, as a collector would listen: <c>POST /v1/traces</c> bodies (protobuf
/// <c>ExportTraceServiceRequest</c>) are decoded into spans; metrics and logs are accepted and counted.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private int _metricExports;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>What <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> should be set to.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    /// <summary>How many metric export requests arrived.</summary>
    public int MetricExports => Volatile.Read(ref _metricExports);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            Assert.Equal("application/x-protobuf", request.ContentType);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", () =>
        {
            Interlocked.Increment(ref receiver._metricExports);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        receiver.Endpoint = app.Addresses().First().TrimEnd('/');
        return receiver;
    }

    /// <summary>Waits (up to 30 s) for a span that matches; fails listing what did arrive.</summary>
    public async Task<OtlpSpan> WaitForSpanAsync(Func<OtlpSpan, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"No span {what} arrived in 30 s; received: {string.Join(", ", _spans.Select(s => s.Name).Distinct())}");
        return null!;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
