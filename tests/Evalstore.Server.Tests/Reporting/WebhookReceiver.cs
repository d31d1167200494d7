using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evalstore.Server.Tests.Reporting;

/// <summary>
/// A webhook on loopback (Kestrel on 127.0.0.1): it keeps every body it is sent and answers with the statuses it is told,
/// in order (200 once they run out).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Bodies received, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>The hook's URL, with a path standing for a secret token.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(params HttpStatusCode[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        foreach (var answer in answers)
        {
            receiver._answers.Enqueue(answer);
        }
        app.MapPost("/hooks/{token}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            receiver.Bodies.Enqueue(await reader.ReadToEndAsync());
            return Results.StatusCode((int)(receiver._answers.TryDequeue(out var status) ? status : HttpStatusCode.OK));
        });
        await app.StartAsync();
        var address = app.Urls.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hooks/secret-token-123");
        return receiver;
    }

    /// <summary>Waits (real time, bounded) until <paramref name="count"/> bodies have arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (Bodies.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the webhook got {Bodies.Count} posts, not {count}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
