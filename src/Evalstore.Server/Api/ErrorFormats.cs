using Evalstore.Core;

namespace Evalstore.Server.Api;

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
