using Evalstore.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Evalstore.Server.Http;

/// <summary>
/// How errors look under one path prefix. The native API answers RFC 9457 problem details; each vendor surface
/// registers its vendor's own error body for its routes.
/// </summary>
public interface IErrorFormat
{
    /// <summary>Routes whose errors this format writes.</summary>
    PathString Prefix { get; }

    /// <summary>Writes the error response (status code already decided by the problem).</summary>
    Task WriteAsync(HttpContext context, EvalstoreException problem);
}

/// <summary>
/// The web UI's error page for requests to its paths (<see cref="UiRoutes.IsUiPath"/>). The UI registers it, so the
/// error plumbing every surface shares does not depend on how pages render.
/// </summary>
internal interface IErrorPage
{
    /// <summary>Writes the error as a page, with the problem's status code.</summary>
    Task WriteAsync(HttpContext context, EvalstoreException problem);
}

/// <summary>RFC 9457 problem details for the native API and everything without a vendor format.</summary>
internal static class ProblemDocument
{
    public static Task WriteAsync(HttpContext context, EvalstoreException problem)
    {
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
            Type = $"https://httpstatuses.io/{problem.Status}",
            Instance = context.Request.Path,
        };
        foreach (var (key, value) in problem.Extensions)
        {
            details.Extensions[key] = value;
        }
        context.Response.StatusCode = problem.Status;
        return context.Response.WriteAsJsonAsync(details, options: null, contentType: "application/problem+json", context.RequestAborted);
    }
}

/// <summary>Writes an error in the format of the route it answers: a vendor's body under its prefix, else problem details.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, EvalstoreException problem)
    {
        if (problem.Status is 429 or 503 && problem.Extensions.TryGetValue("retry_after_seconds", out var wait) && wait is int seconds)
        {
            // A busy or limited server says when to come back, in every format (API, vendor surfaces, pages).
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (UiRoutes.IsUiPath(context.Request.Path) && context.RequestServices.GetService<IErrorPage>() is { } page)
        {
            return page.WriteAsync(context, problem); // the web UI's pages answer with a page
        }
        if (problem.Status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"evalstore\", Bearer";
        }
        // The most specific prefix wins: /v2/gen-ai (DigitalOcean) before /v2 (Weave).
        var format = context.RequestServices.GetServices<IErrorFormat>()
            .Where(f => context.Request.Path.StartsWithSegments(f.Prefix, StringComparison.OrdinalIgnoreCase))
            .MaxBy(f => f.Prefix.Value?.Length ?? 0);
        if (format is null)
        {
            return ProblemDocument.WriteAsync(context, problem);
        }
        context.Response.StatusCode = problem.Status;
        return format.WriteAsync(context, problem);
    }

    /// <summary>For status-code pages: an empty error response (unknown route, wrong method) gets a body in the route's format.</summary>
    public static Task WriteStatusAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var detail = status switch
        {
            404 => $"No route matches {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.",
            405 => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return WriteAsync(context.HttpContext, new EvalstoreException(status, ReasonPhrases.GetReasonPhrase(status), detail));
    }
}
