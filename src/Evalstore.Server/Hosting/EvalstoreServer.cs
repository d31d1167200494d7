using Evalstore.Server.Demo;
using Evalstore.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Evalstore.Server.Hosting;

/// <summary>Builds the Evalstore web application: the same composition for <c>evalstore serve</c> and for tests.</summary>
public static class EvalstoreServer
{
    /// <summary>Checks the bind addresses, loads demo data if asked and returns the configured, not yet started application.</summary>
    public static async Task<WebApplication> BuildAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        await LoopbackGuard.CheckAsync(options.Store, options.Urls, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The content root defaults to the working directory, where the database usually lives; watching it for
            // configuration changes would wake a file watcher on every write to the database and its WAL.
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        if (options.LogLevel == LogLevel.Information)
        {
            // ASP.NET Core writes six information lines per request: at the default level the console keeps Evalstore's
            // own messages, start-up and warnings, and a busy server does not spend its time writing request traces.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.Services.AddEvalstore(options);

        var app = builder.Build();
        app.UseEvalstore();
        app.MapEvalstore();
        if (options.Demo)
        {
            await DemoData.LoadIfEmptyAsync(options.Store, cancellationToken);
        }
        return app;
    }

    /// <summary>The addresses the started application actually listens on (after port 0 was resolved).</summary>
    public static IReadOnlyList<string> Addresses(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
