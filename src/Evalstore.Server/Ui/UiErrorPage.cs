using Evalstore.Core;
using Evalstore.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evalstore.Server.Ui;

/// <summary>Writes an error as a page (status, what went wrong, where to go next) for requests to the UI's paths.</summary>
internal sealed class UiErrorPage : IErrorPage
{
    public async Task WriteAsync(HttpContext context, EvalstoreException problem)
    {
        var page = new RazorComponentResult<ErrorDocument>(new Dictionary<string, object?>
        {
            [nameof(ErrorDocument.Status)] = problem.Status,
            [nameof(ErrorDocument.Title)] = problem.Title,
            [nameof(ErrorDocument.Detail)] = problem.Detail,
        })
        {
            StatusCode = problem.Status,
        };
        // The failed page may have initialised this request's scoped rendering services (navigation, form state);
        // the error page renders in a fresh scope so that it starts clean.
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var requestServices = context.RequestServices;
        // A page that failed may have stamped its rendering headers already; the error page sets its own.
        context.Response.Headers.Remove("blazor-enhanced-nav");
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await page.ExecuteAsync(context);
        }
        finally
        {
            context.RequestServices = requestServices;
        }
    }
}
